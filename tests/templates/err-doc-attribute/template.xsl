<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <document>
      <table cols="1,1">
        <row><cell colour="red">甲</cell><cell>乙</cell></row>
      </table>
    </document>
  </xsl:template>
</xsl:stylesheet>
