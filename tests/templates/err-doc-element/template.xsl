<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <document>
      <p>正文</p>
      <para>不是 doc XML 的元素</para>
    </document>
  </xsl:template>
</xsl:stylesheet>
