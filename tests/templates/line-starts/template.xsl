<?xml version="1.0" encoding="UTF-8"?>
<!-- fragments/form.xsl "options" counts the options of a line (line-start="yes" here ls)
     with set operations: the same count as its former predicate, for each line of each list,
     the 2.0 form's options only (forms="2007" left out) -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" xmlns:set="http://exslt.org/sets"
                exclude-result-prefixes="f set">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:template match="/">
    <document>
      <xsl:for-each select="/unit/list">
        <xsl:variable name="items" select="item[not(@forms) or contains(@forms, '2.0')]"/>
        <p><xsl:value-of select="@id"/>:<xsl:for-each select="$items">
          <xsl:if test="@ls = 'yes' or position() = 1">
            <xsl:variable name="next" select="f:where(following-sibling::item, 'ls', 'yes')[1]"/>
            <xsl:variable name="after" select="count(set:intersection($items, following-sibling::item)) -
                                               count(set:intersection($items, $next | $next/following-sibling::item))"/>
            <xsl:variable name="lead" select="set:intersection($items, f:where(../item, 'ls', 'yes')[1]/preceding-sibling::item)"/>
            <xsl:value-of select="concat(' ', position(), '+', 1 + count($lead) + $after * number(@ls = 'yes'), '=',
                                  1 + count($items[not(@ls = 'yes') and count(preceding-sibling::item[@ls = 'yes'][1] | current()) = 1]))"/>
          </xsl:if>
        </xsl:for-each></p>
      </xsl:for-each>
    </document>
  </xsl:template>
</xsl:stylesheet>
