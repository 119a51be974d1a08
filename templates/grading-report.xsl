<?xml version="1.0" encoding="UTF-8"?>
<!-- 《信息系统安全等级保护定级报告》: the 公安部 1.0 outline (../shared/domain/mlps-reference.md
     §2.1) in GB/T 9704 layout. Headings stay unnumbered here: the typesetter numbers them
     一、（一）1.（1） from their level; tables and figures are numbered by the typesetter
     (<table caption id>, <ref to>). See templates/README.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:import href="fragments/report.xsl"/>
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>

  <xsl:template match="/">
  <document title="{$system/name}安全等级保护定级报告" author="{/unit/name}"
            subject="信息系统安全等级保护定级报告" keywords="等级保护,定级报告">
    <xsl:call-template name="cover">
      <xsl:with-param name="report-title" select="'安全等级保护定级报告'"/>
    </xsl:call-template>

    <h level="1"><xsl:value-of select="$system/name"/>描述</h>
    <h level="2">安全责任主体</h>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/responsibility"/></xsl:call-template>
    <h level="2">信息系统构成</h>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/composition"/></xsl:call-template>
    <xsl:call-template name="topology"/>
    <xsl:if test="$system/network/description[normalize-space()]">
      <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/network/description"/></xsl:call-template>
    </xsl:if>
    <h level="2">承载的业务情况</h>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/business/description"/></xsl:call-template>
    <!-- the subsystem table only when there are subsystems -->
    <xsl:if test="$system/subsystems/subsystem">
      <p><xsl:value-of select="$system/name"/>由以下子系统组成（见<ref to="subsystems"/>）。</p>
      <xsl:call-template name="subsystems-table"/>
    </xsl:if>

    <h level="1"><xsl:value-of select="$system/name"/>安全保护等级确定</h>
    <p>依据<xsl:value-of select="f:label('standard', $system/grading/@standard)"/>，信息系统的安全保护等级由业务信息安全保护等级和系统服务安全保护等级两方面确定。</p>

    <h level="2">业务信息安全保护等级的确定</h>
    <xsl:call-template name="grading-part">
      <xsl:with-param name="g" select="$system/grading/business-info"/>
      <xsl:with-param name="kind" select="'业务信息'"/>
      <xsl:with-param name="level" select="$system/computed/@business-level"/>
      <xsl:with-param name="suffix" select="'安全等级'"/>
    </xsl:call-template>

    <h level="2">系统服务安全保护等级的确定</h>
    <xsl:call-template name="grading-part">
      <xsl:with-param name="g" select="$system/grading/system-service"/>
      <xsl:with-param name="kind" select="'系统服务'"/>
      <xsl:with-param name="level" select="$system/computed/@service-level"/>
      <xsl:with-param name="suffix" select="'安全等级'"/>
    </xsl:call-template>

    <h level="2">安全保护等级的确定</h>
    <p>信息系统的安全保护等级由业务信息安全保护等级和系统服务安全保护等级中较高者决定。<xsl:value-of select="$system/name"/>的业务信息安全保护等级为<xsl:value-of select="f:level-name($system/computed/@business-level)"/>，系统服务安全保护等级为<xsl:value-of select="f:level-name($system/computed/@service-level)"/>，最终确定<xsl:value-of select="$system/name"/>的安全保护等级为<xsl:value-of select="f:level-name($system/computed/@level)"/>（<xsl:value-of select="f:level-title($system/computed/@level)"/>），见<ref to="level"/>。</p>
    <table cols="3,2,2,2" header-rows="1" caption="信息系统安全保护等级" id="level">
      <row>
        <cell head="yes">信息系统名称</cell><cell head="yes">安全保护等级</cell>
        <cell head="yes">业务信息安全等级</cell><cell head="yes">系统服务安全等级</cell>
      </row>
      <row>
        <cell align="center"><xsl:value-of select="$system/name"/></cell>
        <cell align="center"><xsl:value-of select="f:level-name($system/computed/@level)"/></cell>
        <cell align="center"><xsl:value-of select="f:level-name($system/computed/@business-level)"/></cell>
        <cell align="center"><xsl:value-of select="f:level-name($system/computed/@service-level)"/></cell>
      </row>
    </table>

    <xsl:call-template name="signature"/>
  </document>
  </xsl:template>
</xsl:stylesheet>
