<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <document>
      <p style="caption">表<table-no id="a"/>　甲</p>
      <p style="caption">表<table-no id="a"/>　又一个甲</p>
      <p>见表<table-ref id="b"/>。</p>
    </document>
  </xsl:template>
</xsl:stylesheet>
