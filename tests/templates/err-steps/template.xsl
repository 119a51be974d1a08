<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/"><document><xsl:call-template name="r"/></document></xsl:template>
  <xsl:template name="r"><xsl:param name="d" select="0"/><xsl:if test="$d &lt; 30"><xsl:call-template name="r"><xsl:with-param name="d" select="$d + 1"/></xsl:call-template><xsl:call-template name="r"><xsl:with-param name="d" select="$d + 1"/></xsl:call-template></xsl:if></xsl:template>
</xsl:stylesheet>
