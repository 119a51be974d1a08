<?xml version="1.0" encoding="UTF-8"?>
<!-- xsl:key and generate-id() over the unit data: libxslt marks the source nodes they touch -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:key name="system" match="system" use="@id"/>
  <xsl:template match="/">
    <document title="keyed">
      <p>键：<xsl:value-of select="key('system', 'oa')/name"/></p>
      <p>同一：<xsl:value-of select="generate-id(key('system', 'oa')) = generate-id(/unit/systems/system[@id = 'oa'])"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
