<?xml version="1.0" encoding="UTF-8"?>
<!-- Pieces shared by the 备案表 templates (filing-form-2007.xsl, filing-form-2.0.xsl): option
     lists with tick boxes and codes as on paper, dates on write-in lines, yes/no ticks.
     Option labels come from codes.xml, never from here. Doc XML vocabulary: docs/doc-format.md
     "Forms and page masters". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" xmlns:str="http://exslt.org/strings"
                xmlns:set="http://exslt.org/sets" extension-element-prefixes="f"
                exclude-result-prefixes="f str set">

  <xsl:variable name="codes" select="document('../codes.xml')/codes"/>

  <!-- The computed level of a system (the engine's), else its declared one. -->
  <xsl:template name="level-of">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s/computed/@level"><xsl:value-of select="$s/computed/@level"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($s/grading/level)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Options of list $list as printed: ☐code label, ticked where $sel (attributes holding the
       chosen codes) has the code; 其他 gets a write-in line with the free text (the element's
       content). $form (2007 / 2.0) leaves out options codes.xml marks for the other form;
       $per-line options per printed line (each line a <p>), unless codes.xml marks the items
       that start a printed line (line-start="yes", the paper form's code groups): then each
       group is a line; $numbering 'code' prints each
       option's code, 'position' its place in the list (lists whose codes are words), 'none'
       nothing. -->
  <xsl:template name="options">
    <xsl:param name="list"/>
    <xsl:param name="sel" select="/.."/>
    <xsl:param name="form" select="''"/>
    <xsl:param name="per-line" select="4"/>
    <xsl:param name="numbering" select="'code'"/>
    <xsl:param name="other-w" select="6"/>
    <!-- made once a run for each list, layout and choice (the elements holding the chosen
         codes, whole: their count and write-in text too) -->
    <f:memo key="concat($list, ' ', $form, ' ', $per-line, ' ', $numbering, ' ', $other-w)" data="$sel/..">
    <!-- f:codes finds the list and its items for $form in C, f:where and f:slice pick items
         without an XPath predicate per item: options are half of a filing form's expansion -->
    <xsl:variable name="items" select="f:codes($list, $form)"/>
    <xsl:choose>
      <xsl:when test="f:where($items, 'line-start', 'yes')">
        <!-- each line start (and the first option) begins a line, up to the next line start -->
        <xsl:for-each select="$items">
          <xsl:if test="@line-start = 'yes' or position() = 1">
            <!-- the line: this option, those after it up to the list's next line start (of
                 any form) and, if any, those before the list's first line start; that is
                 1 + count($items[not(@line-start = 'yes') and count(preceding-sibling::item[@line-start = 'yes'][1] | current()) = 1]),
                 counted with set operations instead of a walk back from every option (a
                 fifth of a 2007 form's expansion) -->
            <xsl:variable name="next" select="f:where(following-sibling::item, 'line-start', 'yes')[1]"/>
            <xsl:variable name="after" select="count(set:intersection($items, following-sibling::item)) -
                                               count(set:intersection($items, $next | $next/following-sibling::item))"/>
            <xsl:variable name="lead" select="set:intersection($items, f:where(../item, 'line-start', 'yes')[1]/preceding-sibling::item)"/>
            <xsl:call-template name="options-line">
              <xsl:with-param name="items" select="$items"/>
              <xsl:with-param name="p" select="position()"/>
              <xsl:with-param name="n" select="1 + count($lead) + $after * number(@line-start = 'yes')"/>
              <xsl:with-param name="sel" select="$sel"/>
              <xsl:with-param name="numbering" select="$numbering"/>
              <xsl:with-param name="other-w" select="$other-w"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <!-- only the options that begin a line are visited; each line is options-line's body,
             inlined (a call passes six parameters: about a third of a line's instructions) -->
        <xsl:for-each select="$items[(position() - 1) mod $per-line = 0]">
          <xsl:variable name="p" select="(position() - 1) * $per-line + 1"/>
          <p>
            <xsl:for-each select="f:slice($items, $p, $per-line)">
              <tick on="{f:yes-no($sel = @code)}"/>
              <xsl:choose>
                <xsl:when test="$numbering = 'code'"><xsl:value-of select="concat(@code, f:nobr(.))"/></xsl:when>
                <xsl:when test="$numbering = 'position'"><xsl:value-of select="concat($p + position() - 1, f:nobr(.))"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="f:nobr(.)"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="@count or @other">
                <xsl:variable name="chosen" select="$sel[. = current()/@code]"/>
                <xsl:if test="@count = 'yes'">跨<blank w="2" role="fill"><xsl:value-of select="$chosen/../@count"/></blank>个</xsl:if>
                <xsl:if test="@other = 'yes'"><blank w="{$other-w}" role="fill"><xsl:value-of select="normalize-space($chosen/..)"/></blank></xsl:if>
              </xsl:if>
              <xsl:if test="position() != last()"><xsl:text>　</xsl:text></xsl:if>
            </xsl:for-each>
          </p>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    </f:memo>
  </xsl:template>

  <!-- One printed line of "options": $n options of $items from the $p-th. The "option"
       template's body is inlined: every instruction costs (options are a third of a filing
       form's expansion). "options" has this body inlined too, for lines of $per-line: a
       change here goes there as well. -->
  <xsl:template name="options-line">
    <xsl:param name="items"/>
    <xsl:param name="p"/>
    <xsl:param name="n"/>
    <xsl:param name="sel"/>
    <xsl:param name="numbering"/>
    <xsl:param name="other-w"/>
    <p>
      <xsl:for-each select="f:slice($items, $p, $n)">
        <!-- ticked when $sel holds the code (one comparison, not a predicate per node of
             $sel), the chosen node found only for a write-in, the number and label in one
             value-of: each instruction costs, per option -->
        <tick on="{f:yes-no($sel = @code)}"/>
        <xsl:choose>
          <xsl:when test="$numbering = 'code'"><xsl:value-of select="concat(@code, f:nobr(.))"/></xsl:when>
          <xsl:when test="$numbering = 'position'"><xsl:value-of select="concat($p + position() - 1, f:nobr(.))"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="f:nobr(.)"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@count or @other">
          <xsl:variable name="chosen" select="$sel[. = current()/@code]"/>
          <xsl:if test="@count = 'yes'">跨<blank w="2" role="fill"><xsl:value-of select="$chosen/../@count"/></blank>个</xsl:if>
          <xsl:if test="@other = 'yes'"><blank w="{$other-w}" role="fill"><xsl:value-of select="normalize-space($chosen/..)"/></blank></xsl:if>
        </xsl:if>
        <xsl:if test="position() != last()"><xsl:text>　</xsl:text></xsl:if>
      </xsl:for-each>
    </p>
  </xsl:template>

  <!-- An address part on a write-in line before the form's own suffix (浙江省 on
       ____省(自治区、直辖市) prints 浙江): $v without the first of $suffixes (longest first,
       space-separated) it ends with. 市辖区, GB/T 2260's name for a municipality's districts,
       is kept whole. -->
  <xsl:template name="place">
    <xsl:param name="v" select="''"/>
    <xsl:param name="suffixes"/>
    <xsl:variable name="t" select="normalize-space($v)"/>
    <xsl:variable name="hit" select="str:tokenize($suffixes, ' ')[$t != '市辖区' and string-length($t) &gt; string-length(.) and substring($t, string-length($t) - string-length(.) + 1) = .][1]"/>
    <xsl:value-of select="substring($t, 1, string-length($t) - string-length($hit))"/>
  </xsl:template>

  <!-- The unit's address as the forms print it: two lines, each part before its suffix. -->
  <xsl:template name="address">
    <xsl:param name="a" select="/.."/>
    <xsl:param name="detail-label" select="''"/>
    <xsl:param name="detail-w" select="18"/>
    <p><blank w="6" role="fill"><xsl:call-template name="place"><xsl:with-param name="v" select="$a/province"/><xsl:with-param name="suffixes" select="'自治区 省 市'"/></xsl:call-template></blank>省(自治区、直辖市)<blank w="6" role="fill"><xsl:call-template name="place"><xsl:with-param name="v" select="$a/prefecture"/><xsl:with-param name="suffixes" select="'自治州 地区 市 州 盟'"/></xsl:call-template></blank>地(区、市、州、盟)</p>
    <p><blank w="6" role="fill"><xsl:call-template name="place"><xsl:with-param name="v" select="$a/county"/><xsl:with-param name="suffixes" select="'自治县 自治旗 县 区 市 旗'"/></xsl:call-template></blank>县(区、市、旗)<xsl:value-of select="$detail-label"/><blank w="{$detail-w}" role="fill"><xsl:value-of select="normalize-space($a/detail)"/></blank></p>
  </xsl:template>

  <!-- One option (context: a codes.xml <item>); "options" has the same body inlined. -->
  <xsl:template name="option">
    <xsl:param name="sel" select="/.."/>
    <xsl:param name="no" select="@code"/>
    <xsl:param name="other-w" select="6"/>
    <xsl:variable name="code" select="@code"/>
    <xsl:variable name="chosen" select="$sel[. = $code]"/>
    <tick on="{substring('noyes', 1 + 2 * number(boolean($chosen)), 2 + number(boolean($chosen)))}"/>
    <xsl:value-of select="$no"/>
    <xsl:value-of select="f:nobr(.)"/>
    <xsl:if test="@count = 'yes'">跨<blank w="2" role="fill"><xsl:value-of select="$chosen/../@count"/></blank>个</xsl:if>
    <xsl:if test="@other = 'yes'"><blank w="{$other-w}" role="fill"><xsl:value-of select="normalize-space($chosen/..)"/></blank></xsl:if>
  </xsl:template>

  <!-- A single tick box; $on true() or false(). -->
  <xsl:template name="tick">
    <xsl:param name="on" select="false()"/>
    <tick on="{f:yes-no($on)}"/>
  </xsl:template>

  <!-- □有 □无 (or other labels) from a yes/no attribute value. -->
  <xsl:template name="yes-no">
    <xsl:param name="v" select="''"/>
    <xsl:param name="yes" select="'有'"/>
    <xsl:param name="no" select="'无'"/>
    <tick on="{f:yes-no($v = 'yes')}"/>
    <xsl:value-of select="$yes"/>
    <xsl:text>　</xsl:text>
    <tick on="{f:yes-no($v = 'no')}"/>
    <xsl:value-of select="$no"/>
  </xsl:template>

  <!-- ____年__月__日 with an ISO date (YYYY-MM-DD) written on the lines, no leading zeros. -->
  <xsl:template name="date">
    <xsl:param name="d" select="''"/>
    <xsl:variable name="v" select="normalize-space($d)"/>
    <blank w="3" role="fill"><xsl:value-of select="substring($v, 1, 4)"/></blank>
    <xsl:text>年</xsl:text>
    <blank w="2" role="fill"><xsl:if test="$v"><xsl:value-of select="number(substring($v, 6, 2))"/></xsl:if></blank>
    <xsl:text>月</xsl:text>
    <blank w="2" role="fill"><xsl:if test="$v"><xsl:value-of select="number(substring($v, 9, 2))"/></xsl:if></blank>
    <xsl:text>日</xsl:text>
  </xsl:template>

  <!-- Fill-in text (仿宋, Latin in a Times-like face). -->
  <xsl:template name="fill">
    <xsl:param name="v" select="''"/>
    <span role="fill"><xsl:value-of select="normalize-space($v)"/></span>
  </xsl:template>

  <!-- Cover line: label, a write-in line with the value, and an optional （盖章）. -->
  <xsl:template name="cover-line">
    <xsl:param name="label"/>
    <xsl:param name="v" select="''"/>
    <xsl:param name="seal" select="false()"/>
    <xsl:param name="field" select="''"/>
    <row h="16">
      <cell border="none" align="right" size="16" valign="bottom"><span role="body"><xsl:value-of select="$label"/></span></cell>
      <cell border="none" size="16" min-size="10" valign="bottom" field="{$field}"><blank w="12" role="fill"><xsl:value-of select="normalize-space($v)"/></blank></cell>
      <cell border="none" size="16" valign="bottom"><span role="body"><xsl:if test="$seal">（盖章）</xsl:if></span></cell>
    </row>
  </xsl:template>

  <xsl:template name="cover-date">
    <xsl:param name="label"/>
    <xsl:param name="d" select="''"/>
    <xsl:variable name="v" select="normalize-space($d)"/>
    <row h="16">
      <cell border="none" align="right" size="16" valign="bottom"><span role="body"><xsl:value-of select="$label"/></span></cell>
      <cell border="none" size="16" valign="bottom"><blank w="4" role="fill"><xsl:value-of select="substring($v, 1, 4)"/></blank><span role="body">年</span><blank w="2.5" role="fill"><xsl:if test="$v"><xsl:value-of select="number(substring($v, 6, 2))"/></xsl:if></blank><span role="body">月</span><blank w="2.5" role="fill"><xsl:if test="$v"><xsl:value-of select="number(substring($v, 9, 2))"/></xsl:if></blank><span role="body">日</span></cell>
      <cell border="none"/>
    </row>
  </xsl:template>
</xsl:stylesheet>
