<?xml version="1.0" encoding="UTF-8"?>
<!-- Table and figure numbers: captioned tables and figures count in document order (the
     typesetter numbers them, built.txt), <ref to> may come before or after its table; a table
     left out (no subsystems) shifts the later numbers. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="system-id" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document>
      <p>见<ref to="level"/>和<ref to="net"/>。</p>
      <xsl:if test="$system/subsystems/subsystem">
        <table cols="1" caption="子系统" id="subsystems"><row><cell>邮件</cell></row></table>
      </xsl:if>
      <xsl:if test="$system/no-such-thing">
        <table cols="1" caption="不出现" id="never"><row><cell>无</cell></row></table>
      </xsl:if>
      <table cols="1" caption="等级" id="level"><row><cell>第三级</cell></row></table>
      <image src="{$system/topology/@src}" caption="拓扑" id="net"/>
      <p>子系统见<ref to="subsystems"/>。</p>
    </document>
  </xsl:template>
</xsl:stylesheet>
