<?xml version="1.0" encoding="UTF-8"?>
<!-- Pieces shared by the 定级报告 templates (1.0 and 2.0), as named templates called with
     <xsl:call-template name="…"> and <xsl:with-param>:
       cover          report-title (e.g. '安全等级保护定级报告')
       topology       —
       subsystems-table —
       grading-part   g (business-info or system-service of $system/grading), kind ('业务信息'
                      or '系统服务'), level (the engine's computed level), suffix ('安全等级' in
                      1.0, '安全保护等级' in 2.0)
       matrix         g, caption and id (of the table)
       signature      —
       paras          text, style (optional): one <p> per non-empty line of text
     $system is the global variable of the calling template. Levels printed are always the
     engine's ($system/computed/@…), never the declared ones.

     Table and figure numbers are automatic: <table caption="…" id="…"> and <image caption="…"
     id="…"> are numbered 表1, 表2… / 图1… in document order by the typesetter, and a sentence
     refers to one, before or after, with <ref to="…"/> (templates/README.md). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" xmlns:str="http://exslt.org/strings"
                extension-element-prefixes="f" exclude-result-prefixes="f str">

  <!-- Free text of the data file (a field, e.g. $system/responsibility): one paragraph per
       non-empty line, each noting the field it came from (data="…", f:origin). -->
  <xsl:template name="paras">
    <xsl:param name="text"/>
    <xsl:param name="style" select="''"/>
    <xsl:variable name="origin" select="f:origin($text)"/>
    <xsl:for-each select="str:tokenize($text, '&#10;')[normalize-space()]">
      <p>
        <xsl:if test="$style"><xsl:attribute name="style"><xsl:value-of select="$style"/></xsl:attribute></xsl:if>
        <xsl:if test="$origin"><xsl:attribute name="data"><xsl:value-of select="$origin"/></xsl:attribute></xsl:if>
        <xsl:value-of select="normalize-space(.)"/>
      </p>
    </xsl:for-each>
  </xsl:template>

  <!-- Cover: unnumbered; numbering starts on the page after it. -->
  <xsl:template name="cover">
    <xsl:param name="report-title"/>
    <vspace lines="5"/>
    <p style="title"><xsl:value-of select="$system/name"/></p>
    <p style="title"><xsl:value-of select="$report-title"/></p>
    <vspace lines="7"/>
    <p style="cover-line">单位名称：<xsl:value-of select="/unit/name"/></p>
    <xsl:if test="string($system/grading/graded-on)">
      <p style="cover-line">日　　期：<xsl:value-of select="f:date($system/grading/graded-on)"/></p>
    </xsl:if>
    <pagebreak numbering="start"/>
  </xsl:template>

  <xsl:template name="subsystems-table">
    <table cols="1,3,6" header-rows="1" caption="子系统情况" id="subsystems">
      <row><cell head="yes">序号</cell><cell head="yes">子系统名称</cell><cell head="yes">描述</cell></row>
      <xsl:for-each select="$system/subsystems/subsystem">
        <row>
          <cell align="center"><xsl:value-of select="position()"/></cell>
          <cell><xsl:value-of select="name"/></cell>
          <cell><xsl:value-of select="normalize-space(description)"/></cell>
        </row>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- The GB/T 22240 matrix, the cell of each of $g's damage items (客体, 程度) shaded and marked. -->
  <xsl:template name="matrix">
    <xsl:param name="g"/>
    <xsl:param name="caption"/>
    <xsl:param name="id"/>
    <!-- the (客体, 程度) pairs $g marks, as words ' object:degree ' of one string: each cell is
         then one contains(), not a walk over $g's object, degree and items -->
    <xsl:variable name="pairs">
      <xsl:for-each select="$g/object/@code"><xsl:variable name="o" select="."/><xsl:for-each select="$g/degree/@code"><xsl:value-of select="concat(' ', $o, ':', ., ' ')"/></xsl:for-each></xsl:for-each>
      <xsl:for-each select="$g/item"><xsl:value-of select="concat(' ', @object, ':', @degree, ' ')"/></xsl:for-each>
    </xsl:variable>
    <xsl:variable name="hit" select="string($pairs)"/>
    <f:memo key="concat($caption, '|', $id, '|', $hit)">
    <table cols="4,2,2,2" header-rows="2" width="1" caption="{$caption}" id="{$id}">
      <row>
        <cell head="yes">受侵害的客体</cell>
        <cell head="yes" colspan="3">对相应客体的侵害程度</cell>
      </row>
      <row>
        <cell head="yes"> </cell>
        <cell head="yes">一般损害</cell><cell head="yes">严重损害</cell><cell head="yes">特别严重损害</cell>
      </row>
      <row>
        <cell align="center">公民、法人和其他组织的合法权益</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' citizen:general '))}"><xsl:if test="contains($hit, ' citizen:general ')">√ </xsl:if>第一级</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' citizen:serious '))}"><xsl:if test="contains($hit, ' citizen:serious ')">√ </xsl:if>第二级</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' citizen:very-serious '))}"><xsl:if test="contains($hit, ' citizen:very-serious ')">√ </xsl:if>第二级</cell>
      </row>
      <row>
        <cell align="center">社会秩序、公共利益</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' society:general '))}"><xsl:if test="contains($hit, ' society:general ')">√ </xsl:if>第二级</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' society:serious '))}"><xsl:if test="contains($hit, ' society:serious ')">√ </xsl:if>第三级</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' society:very-serious '))}"><xsl:if test="contains($hit, ' society:very-serious ')">√ </xsl:if>第四级</cell>
      </row>
      <row>
        <cell align="center">国家安全</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' nation:general '))}"><xsl:if test="contains($hit, ' nation:general ')">√ </xsl:if>第三级</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' nation:serious '))}"><xsl:if test="contains($hit, ' nation:serious ')">√ </xsl:if>第四级</cell>
        <cell align="center" shade="{f:yes-no(contains($hit, ' nation:very-serious '))}"><xsl:if test="contains($hit, ' nation:very-serious ')">√ </xsl:if>第五级</cell>
      </row>
      <!-- the note as the table's last row: a paragraph after the table could fall to the
           next page alone (nothing keeps a block with the one before it), a row cannot -->
      <row><cell colspan="4" align="left">注：灰底并标“√”的单元格为本定级对象的确定结果。</cell></row>
    </table>
    </f:memo>
  </xsl:template>

  <!-- 1 描述 · 2 客体 · 3 程度 · 4 等级 (with the matrix), for business info or system service. -->
  <xsl:template name="grading-part">
    <xsl:param name="g"/>
    <xsl:param name="kind"/>
    <xsl:param name="level"/>
    <xsl:param name="suffix"/>
    <xsl:variable name="std" select="string($system/grading/@standard)"/>
    <!-- every damage item: 客体 once each (A以及B), and each item's 程度 (对A造成X，对B造成Y) -->
    <xsl:variable name="object">
      <xsl:value-of select="f:object-name($g/object/@code, $std)"/>
      <xsl:for-each select="$g/item[not(@object = $g/object/@code) and not(@object = preceding-sibling::item/@object)]">以及<xsl:value-of select="f:object-name(@object, $std)"/></xsl:for-each>
    </xsl:variable>
    <xsl:variable name="harm">
      <xsl:text>对</xsl:text><xsl:value-of select="f:object-name($g/object/@code, $std)"/>造成<xsl:value-of select="f:degree-name($g/degree/@code, $std)"/>
      <xsl:for-each select="$g/item">，对<xsl:value-of select="f:object-name(@object, $std)"/>造成<xsl:value-of select="f:degree-name(@degree, $std)"/></xsl:for-each>
    </xsl:variable>
    <h level="3"><xsl:value-of select="$kind"/>描述</h>
    <xsl:choose>
      <xsl:when test="normalize-space($g/description)">
        <xsl:call-template name="paras"><xsl:with-param name="text" select="$g/description"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$kind = '系统服务' and normalize-space($system/service/description)">
        <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/service/description"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/business/description"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <h level="3"><xsl:value-of select="$kind"/>受到破坏时所侵害客体的确定</h>
    <p><xsl:value-of select="$kind"/>受到破坏时，所侵害的客体是<xsl:value-of select="$object"/>。</p>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$g/reason"/></xsl:call-template>
    <h level="3"><xsl:value-of select="$kind"/>受到破坏后对侵害客体的侵害程度的确定</h>
    <p><xsl:value-of select="$kind"/>受到破坏后，会<xsl:value-of select="$harm"/>。</p>
    <h level="3"><xsl:value-of select="$kind"/><xsl:value-of select="$suffix"/>的确定</h>
    <p>依据<xsl:value-of select="f:label('standard', $std)"/>，按<xsl:value-of select="$kind"/>安全被破坏时所侵害的客体和对相应客体的侵害程度（见<ref to="{$kind}"/>），<xsl:value-of select="$kind"/><xsl:value-of select="$suffix"/>为<xsl:value-of select="f:level-name($level)"/>。</p>
    <xsl:call-template name="matrix">
      <xsl:with-param name="g" select="$g"/>
      <xsl:with-param name="caption" select="concat($kind, '安全保护等级矩阵表')"/>
      <xsl:with-param name="id" select="$kind"/>
    </xsl:call-template>
  </xsl:template>

  <!-- 单位署名 and 成文日期 (GB/T 9704: date right-indented 4 字). -->
  <xsl:template name="signature">
    <vspace lines="2"/>
    <p style="signature" keep-with-next="yes"><xsl:value-of select="/unit/name"/></p>
    <xsl:if test="string($system/grading/graded-on)">
      <p style="signature"><xsl:value-of select="f:date($system/grading/graded-on)"/></p>
    </xsl:if>
  </xsl:template>

  <!-- Topology figure (image path relative to the data file), with its caption. -->
  <xsl:template name="topology">
    <xsl:if test="string($system/topology/@src)">
      <image src="{$system/topology/@src}" width="0.8" caption="{$system/name}网络拓扑图" id="topology"/>
    </xsl:if>
    <xsl:call-template name="paras"><xsl:with-param name="text" select="$system/topology"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
