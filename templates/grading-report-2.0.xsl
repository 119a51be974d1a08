<?xml version="1.0" encoding="UTF-8"?>
<!-- 《网络安全等级保护定级报告》: the 2.0 outline (../shared/domain/mlps-reference.md §2.2),
     sharing the cover, matrix and signature with grading-report.xsl, in GB/T 9704 layout. Headings stay unnumbered here: the typesetter numbers them
     一、（一）1.（1） from their level; tables and figures are numbered by the typesetter
     (<table caption id>, <ref to>). See templates/README.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:import href="fragments/report.xsl"/>
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>

  <xsl:template match="/">
  <document title="{$system/name}网络安全等级保护定级报告" author="{/unit/name}"
            subject="网络安全等级保护定级报告" keywords="等级保护,定级报告,等保2.0">
    <xsl:call-template name="cover">
      <xsl:with-param name="report-title" select="'网络安全等级保护定级报告'"/>
    </xsl:call-template>

    <h level="1">定级对象描述</h>
    <h level="2">责任主体</h>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/responsibility"/></xsl:call-template>
    <h level="2">定级对象构成</h>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/composition"/></xsl:call-template>
    <xsl:call-template name="topology"/>
    <xsl:if test="$system/network/description[normalize-space()]">
      <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/network/description"/></xsl:call-template>
    </xsl:if>
    <h level="2">承载的业务情况</h>
    <p>该定级对象承载着<xsl:value-of select="$system/name"/>的相关业务。</p>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/business/description"/></xsl:call-template>
    <!-- the subsystem table only when there are subsystems -->
    <xsl:if test="$system/subsystems/subsystem">
      <xsl:call-template name="subsystems-table"/>
    </xsl:if>
    <!-- newer 2.0 outline (reference-2 §1.4): （四）承载数据 — the words of data-resources and each
         表六 data item — then （五）安全责任 -->
    <xsl:if test="$system/data-resources">
      <h level="2">承载数据</h>
      <xsl:for-each select="$system/data-resources/description/p">
        <p><xsl:value-of select="normalize-space(.)"/></p>
      </xsl:for-each>
      <xsl:for-each select="$system/data-resources/data">
        <p>该定级对象承载“<xsl:value-of select="normalize-space(name)"/>”<xsl:if test="normalize-space(category)">（<xsl:value-of select="normalize-space(category)"/>）</xsl:if>，拟定数据级别为<xsl:value-of select="f:label('data-grade', grade/@code)"/><xsl:if test="normalize-space(dept)">，数据安全责任部门为<xsl:value-of select="normalize-space(dept)"/></xsl:if><xsl:if test="normalize-space(owner)">，数据安全负责人为<xsl:value-of select="normalize-space(owner)"/></xsl:if>。</p>
      </xsl:for-each>
    </xsl:if>
    <h level="2">安全责任</h>
    <p>按照《中华人民共和国网络安全法》及网络安全等级保护制度的要求，<xsl:value-of select="/unit/name"/>是<xsl:value-of select="$system/name"/>的网络安全责任主体，负责其安全保护工作。</p>

    <h level="1">安全保护等级确定</h>

    <h level="2">业务信息安全保护等级</h>
    <xsl:call-template name="grading-part">
      <xsl:with-param name="g" select="$system/grading/business-info"/>
      <xsl:with-param name="kind" select="'业务信息'"/>
      <xsl:with-param name="level" select="$system/computed/@business-level"/>
      <xsl:with-param name="suffix" select="'安全保护等级'"/>
    </xsl:call-template>

    <h level="2">系统服务安全保护等级</h>
    <xsl:call-template name="grading-part">
      <xsl:with-param name="g" select="$system/grading/system-service"/>
      <xsl:with-param name="kind" select="'系统服务'"/>
      <xsl:with-param name="level" select="$system/computed/@service-level"/>
      <xsl:with-param name="suffix" select="'安全保护等级'"/>
    </xsl:call-template>

    <h level="2">安全保护等级</h>
    <p>定级对象的安全保护等级由业务信息安全保护等级和系统服务安全保护等级中较高者决定，最终确定<xsl:value-of select="$system/name"/>的安全保护等级为<xsl:value-of select="f:level-name($system/computed/@level)"/>（<xsl:value-of select="f:level-title($system/computed/@level)"/>），见<ref to="level"/>。</p>
    <table cols="3,2,2,2" header-rows="1" caption="定级对象安全保护等级" id="level">
      <row>
        <cell head="yes">定级对象名称</cell><cell head="yes">安全保护等级</cell>
        <cell head="yes">业务信息安全保护等级</cell><cell head="yes">系统服务安全保护等级</cell>
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
