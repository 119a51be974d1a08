<?xml version="1.0" encoding="UTF-8"?>
<!-- set:intersection (ours: a sorted lookup once the sets are large) gives what EXSLT's gives,
     in the first set's order; the reference is the XPath 1.0 idiom $a[count(. | $b) = count($b)].
     Large sets (12 × 12 nodes), small ones (the plain scan), an empty one, a tree fragment
     and nodes of another document (none in common). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:set="http://exslt.org/sets" xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="set exsl">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="all" select="/unit/list/i"/>
  <xsl:variable name="odd" select="$all[@n mod 2 = 1]"/>
  <xsl:variable name="low" select="$all[@n &lt; 8]"/>
  <xsl:variable name="tree"><i n="1"/><i n="2"/></xsl:variable>
  <xsl:template name="ns">
    <xsl:param name="of"/>
    <xsl:for-each select="$of"><xsl:value-of select="concat(name(), @n)"/>,</xsl:for-each>
  </xsl:template>
  <xsl:template name="case">
    <xsl:param name="a"/>
    <xsl:param name="b"/>
    <p><xsl:call-template name="ns"><xsl:with-param name="of" select="set:intersection($a, $b)"/></xsl:call-template>=<xsl:call-template name="ns"><xsl:with-param name="of" select="$a[count(. | $b) = count($b)]"/></xsl:call-template></p>
  </xsl:template>
  <xsl:template match="/">
    <document>
      <xsl:call-template name="case"><xsl:with-param name="a" select="$all"/><xsl:with-param name="b" select="$odd"/></xsl:call-template>
      <xsl:call-template name="case"><xsl:with-param name="a" select="$odd"/><xsl:with-param name="b" select="$low"/></xsl:call-template>
      <xsl:call-template name="case"><xsl:with-param name="a" select="$low"/><xsl:with-param name="b" select="$all[@n = 3]"/></xsl:call-template>
      <xsl:call-template name="case"><xsl:with-param name="a" select="$all"/><xsl:with-param name="b" select="/unit/none"/></xsl:call-template>
      <xsl:call-template name="case"><xsl:with-param name="a" select="$all"/><xsl:with-param name="b" select="exsl:node-set($tree)/i"/></xsl:call-template>
      <xsl:call-template name="case"><xsl:with-param name="a" select="exsl:node-set($tree)/i"/><xsl:with-param name="b" select="exsl:node-set($tree)/i[@n = 2]"/></xsl:call-template>
      <xsl:call-template name="case"><xsl:with-param name="a" select="$all | $all/@n"/><xsl:with-param name="b" select="$all/@n | $low"/></xsl:call-template>
      <p><xsl:value-of select="count(set:intersection($all, $all))"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
