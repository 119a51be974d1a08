<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:import href="fragments/common.xsl"/>
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document title="{$system/name}定级报告" subject="字面{{花括号}}">
      <xsl:call-template name="cover">
        <xsl:with-param name="title" select="'安全等级保护定级报告'"/>
      </xsl:call-template>
      <p>单位：<xsl:value-of select="/unit/name"/></p>
      <xsl:variable name="lv" select="$system/computed/@level"/>
      <p>等级：<xsl:value-of select="f:level-name($lv)"/>（<xsl:value-of select="f:level-title($lv)"/>）</p>
      <p>投运：<xsl:value-of select="f:date($system/in-service)"/></p>
      <p>数：<xsl:value-of select="f:cn-number(count($system/subsystems/subsystem))"/></p>
      <xsl:if test="$lv &gt;= 3"><p>需要专家评审</p></xsl:if>
      <xsl:if test="$lv &lt; 3"><p>不需要专家评审</p></xsl:if>
      <table cols="1,3" header-rows="1">
        <row><cell head="yes">序号</cell><cell head="yes">子系统</cell></row>
        <xsl:for-each select="$system/subsystems/subsystem">
          <xsl:sort select="name"/>
          <row><cell><xsl:value-of select="position()"/>/<xsl:value-of select="last()"/></cell><cell><xsl:value-of select="name"/></cell></row>
        </xsl:for-each>
      </table>
      <p>级别：<xsl:for-each select="f:codes('level')"><xsl:value-of select="@code"/>=<xsl:value-of select="."/>;</xsl:for-each></p>
      <p>空白：<xsl:value-of select="$blank"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
