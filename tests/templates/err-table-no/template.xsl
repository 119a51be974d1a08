<?xml version="1.0" encoding="UTF-8"?>
<!-- The numbering elements of earlier templates are gone: a caption is an attribute of its
     <table> or <image>, numbered by the typesetter; the schema names the element. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <document>
      <p style="caption">表<table-no id="a"/>　甲</p>
    </document>
  </xsl:template>
</xsl:stylesheet>
