<?xml version="1.0" encoding="UTF-8"?>
<!-- Makes about 3 million nodes in a few thousand instructions and little memory: each turn
     copies 1000 nodes into a variable that is dropped at the end of the turn. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" exclude-result-prefixes="str">
  <xsl:template match="/">
    <xsl:variable name="big" select="str:tokenize(str:padding(1000, 'a'), '')"/>
    <document>
      <xsl:for-each select="str:tokenize(str:padding(3000, 'a'), '')">
        <xsl:variable name="copy"><xsl:copy-of select="$big"/></xsl:variable>
        <xsl:if test="count($big) = 0"><p><xsl:value-of select="string($copy)"/></p></xsl:if>
      </xsl:for-each>
    </document>
  </xsl:template>
</xsl:stylesheet>
