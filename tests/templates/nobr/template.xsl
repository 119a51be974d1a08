<?xml version="1.0" encoding="UTF-8"?>
<!-- f:nobr: U+2060 (shown here as |) between every character, a character beyond the BMP
     (𠮷) kept whole; the same string as the str:tokenize loop it replaced. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" xmlns:str="http://exslt.org/strings"
                exclude-result-prefixes="f str">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:template name="tokenized">
    <xsl:param name="v"/>
    <xsl:for-each select="str:tokenize(string($v), '')">
      <xsl:if test="position() != 1">&#x2060;</xsl:if>
      <xsl:value-of select="."/>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="/">
    <document>
      <xsl:for-each select="/unit/name | /unit/labels/label">
        <xsl:variable name="old"><xsl:call-template name="tokenized"><xsl:with-param name="v" select="."/></xsl:call-template></xsl:variable>
        <p>[<xsl:value-of select="translate(f:nobr(.), '&#x2060;', '|')"/>] <xsl:value-of select="string-length(f:nobr(.))"/>;<xsl:value-of select="f:nobr(.) = string($old)"/></p>
      </xsl:for-each>
      <p><xsl:value-of select="f:nobr(12)"/>;<xsl:value-of select="f:nobr(/unit/none)"/>;<xsl:value-of select="f:nobr(/unit/labels/label)"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
