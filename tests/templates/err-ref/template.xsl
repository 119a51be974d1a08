<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <document>
      <table cols="1" caption="甲" id="a"><row><cell>1</cell></row></table>
      <table cols="1" caption="又一个甲" id="a"><row><cell>2</cell></row></table>
      <p>见<ref to="b"/>。</p>
    </document>
  </xsl:template>
</xsl:stylesheet>
