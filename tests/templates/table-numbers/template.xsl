<?xml version="1.0" encoding="UTF-8"?>
<!-- Table and figure numbers: <table-no id> counts in document order, <table-ref id> may come
     before or after its table; a table left out (no subsystems) shifts the later numbers. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="system-id" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document>
      <p>见表<table-ref id="level"/>和图<figure-ref id="net"/>。</p>
      <xsl:if test="$system/subsystems/subsystem">
        <p style="caption">表<table-no id="subsystems"/>　子系统</p>
      </xsl:if>
      <xsl:if test="$system/no-such-thing">
        <p style="caption">表<table-no id="never"/>　不出现</p>
      </xsl:if>
      <p style="caption">表<table-no id="level"/>　等级</p>
      <p style="caption">图<figure-no id="net"/>　拓扑</p>
      <p>子系统见表<table-ref id="subsystems"/>。</p>
    </document>
  </xsl:template>
</xsl:stylesheet>
