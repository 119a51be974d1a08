<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:template match="/">
    <document>
      <!-- never executed: still refused when the template is loaded -->
      <xsl:if test="false()"><p><xsl:value-of select="substring-befor(name, 1)"/></p></xsl:if>
      <p title="见附件(1) {{x(}}">a div (b)</p>
      <p><xsl:value-of select="count(child::text()) div 2 mod 3 + string-length(processing-instruction('a'))"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
