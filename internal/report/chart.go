package report

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
)

// The charts are simple bar charts: one bar per period with the target as a horizontal line.
// They are drawn here rather than with a charting library: the SVG for the HTML page, a PNG for
// the office documents. The PNG carries no text (no font is needed); its caption and the table
// above it carry the numbers.

type chartGeometry struct {
	w, h                     int
	left, right, top, bottom int
}

func (g chartGeometry) plotH() int { return g.h - g.top - g.bottom }
func (g chartGeometry) plotW() int { return g.w - g.left - g.right }

// scale returns the value at the top of the plot: a little above the largest value or target.
func scale(ind IndicatorReport) float64 {
	m := ind.Target
	for _, v := range ind.Values {
		if v.Known && v.Value > m {
			m = v.Value
		}
	}
	if m <= 0 {
		return 1
	}
	return m * 1.15
}

// bars returns, per period, the x, width and height in pixels of its bar.
func bars(ind IndicatorReport, g chartGeometry) (xs, ws, hs []int) {
	n := len(ind.Values)
	if n == 0 {
		return
	}
	slot := g.plotW() / n
	w := slot * 3 / 5
	top := scale(ind)
	for i, v := range ind.Values {
		h := 0
		if v.Known && v.Value > 0 {
			h = int(v.Value / top * float64(g.plotH()))
		}
		xs = append(xs, g.left+i*slot+(slot-w)/2)
		ws = append(ws, w)
		hs = append(hs, h)
	}
	return
}

func targetY(ind IndicatorReport, g chartGeometry) int {
	return g.top + g.plotH() - int(ind.Target/scale(ind)*float64(g.plotH()))
}

// SVG renders the chart of one indicator as an inline, accessible SVG element.
func chartSVG(lx *lexicon, ind IndicatorReport) string {
	g := chartGeometry{w: 520, h: 240, left: 16, right: 16, top: 24, bottom: 40}
	id := "grafiek-" + slug(ind.Key)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`,
		id, id, g.w, g.h, g.w, g.h)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, html.EscapeString(ind.Name), id, html.EscapeString(chartAlt(lx, ind)))
	base := g.top + g.plotH()
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555" stroke-width="1"/>`, g.left, base, g.w-g.right, base)
	xs, ws, hs := bars(ind, g)
	for i, v := range ind.Values {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#1f5f8b"/>`, xs[i], base-hs[i], ws[i], hs[i])
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12">%s</text>`, xs[i]+ws[i]/2, base-hs[i]-4, html.EscapeString(valueText(lx, v)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="11">%s</text>`, xs[i]+ws[i]/2, base+16, html.EscapeString(v.Period))
	}
	ty := targetY(ind, g)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>`, g.left, ty, g.w-g.right, ty)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="11" fill="#b3261e">%s</text>`, g.w-g.right, ty-4,
		html.EscapeString(fmt.Sprintf(lx.target, lx.formatNumber(ind.Target))))
	b.WriteString(`</svg>`)
	return b.String()
}

// chartPNG renders the chart of one indicator as a PNG image.
func chartPNG(ind IndicatorReport) ([]byte, error) {
	g := chartGeometry{w: 600, h: 280, left: 20, right: 20, top: 20, bottom: 20}
	img := image.NewRGBA(image.Rect(0, 0, g.w, g.h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
	base := g.top + g.plotH()
	xs, ws, hs := bars(ind, g)
	for i := range xs {
		fill(image.Rect(xs[i], base-hs[i], xs[i]+ws[i], base), color.RGBA{0x1f, 0x5f, 0x8b, 0xff})
	}
	fill(image.Rect(g.left, base, g.w-g.right, base+1), color.RGBA{0x55, 0x55, 0x55, 0xff})
	ty := targetY(ind, g)
	for x := g.left; x < g.w-g.right; x += 10 { // dashed target line
		fill(image.Rect(x, ty-1, min(x+6, g.w-g.right), ty+1), color.RGBA{0xb3, 0x26, 0x1e, 0xff})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("report: grafiek %s: %w", ind.Key, err)
	}
	return buf.Bytes(), nil
}

// slug makes an indicator key safe for an id or a file name.
func slug(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
