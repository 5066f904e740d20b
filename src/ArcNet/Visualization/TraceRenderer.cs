using System.Globalization;
using SkiaSharp;

namespace ArcNet.Visualization;

/// <summary>
/// Draws a <see cref="ComparisonTrace"/>: where the comparator looked at each step and what it saw.
/// </summary>
/// <remarks>
/// Each step shows both images (the one read at that step in full, tinted blue by its attention mask, the other dimmed),
/// the window's box (the cells of its sample points) outlined in red, and the N x N glimpse enlarged beside them (for
/// ConvARC, the mean over its feature channels). Images are shown with the highest value darkest, so ink is dark.
/// </remarks>
internal static class TraceRenderer
{
    private static readonly SKColor AttentionTint = new(30, 110, 230);
    private const byte DimmedOpacity = 70;
    private const byte MaximumTintOpacity = 140;

    /// <summary>A PNG contact sheet: a title with the similarity, then one row per step.</summary>
    internal static byte[] ContactSheet(ComparisonTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var layout = TraceLayout.For(trace);
        using var bitmap = Drawing.Blank(layout.Width, layout.Height(trace.Steps.Count));
        using var canvas = new SKCanvas(bitmap);
        DrawTitle(canvas, layout, trace, string.Create(CultureInfo.InvariantCulture, $"similarity {trace.Similarity:0.000}"));
        for (int row = 0; row < trace.Steps.Count; row++)
            DrawStep(canvas, layout, trace, trace.Steps[row], row);
        canvas.Flush();
        return Drawing.EncodePng(bitmap);
    }

    /// <summary>
    /// An animated PNG (APNG) with one frame per step, looping. Viewers without APNG support show the first frame.
    /// </summary>
    /// <param name="trace">The comparison to draw.</param>
    /// <param name="frameDuration">How long each step stays on screen; <c>null</c> means 0.8 s.</param>
    internal static byte[] Animation(ComparisonTrace trace, TimeSpan? frameDuration = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var duration = frameDuration ?? TimeSpan.FromMilliseconds(800);
        if (duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(frameDuration), frameDuration, "Each frame must last a positive time.");
        var layout = TraceLayout.For(trace);
        var frames = trace.Steps.Select(step =>
        {
            using var bitmap = Drawing.Blank(layout.Width, layout.Height(1));
            using var canvas = new SKCanvas(bitmap);
            DrawTitle(canvas, layout, trace, string.Create(CultureInfo.InvariantCulture,
                $"similarity {trace.Similarity:0.000} · step {step.Index + 1} of {trace.Steps.Count}"));
            DrawStep(canvas, layout, trace, step, row: 0);
            canvas.Flush();
            return Drawing.EncodePng(bitmap);
        }).ToList();
        return AnimatedPng.Encode(frames, duration);
    }

    private static void DrawTitle(SKCanvas canvas, TraceLayout layout, ComparisonTrace trace, string title)
    {
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var titleFont = Drawing.Font(18);
        using var headerFont = Drawing.Font(12);
        canvas.DrawText(title, TraceLayout.Margin, 22, SKTextAlign.Left, titleFont, paint);
        string[] headers = ["first", "second", $"glimpse {trace.GlimpseSize} x {trace.GlimpseSize}"];
        for (int column = 0; column < headers.Length; column++)
        {
            var panel = column < 2 ? layout.ImageRect(0, column) : layout.GlimpseRect(0);
            canvas.DrawText(headers[column], panel.MidX, TraceLayout.TitleHeight - 6, SKTextAlign.Center, headerFont, paint);
        }
    }

    private static void DrawStep(SKCanvas canvas, TraceLayout layout, ComparisonTrace trace, TraceStep step, int row)
    {
        using var textPaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var font = Drawing.Font(13);
        var firstPanel = layout.ImageRect(row, 0);
        canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"step {step.Index + 1}"), TraceLayout.Margin, firstPanel.MidY, SKTextAlign.Left, font, textPaint);
        canvas.DrawText(step.Image == 0 ? "first" : "second", TraceLayout.Margin, firstPanel.MidY + 16, SKTextAlign.Left, font, textPaint);

        for (int image = 0; image < 2; image++)
        {
            var grid = trace.Image(image);
            var panel = layout.ImageRect(row, image);
            using var ink = Drawing.InkBitmap(grid.ChannelMean(), grid.Rows, grid.Columns);
            if (image == step.Image)
            {
                Drawing.DrawPixels(canvas, ink, panel);
                using var tint = AttentionBitmap(step.Attention);
                Drawing.DrawPixels(canvas, tint, panel);
            }
            else
            {
                using var dim = new SKPaint { Color = SKColors.Black.WithAlpha(DimmedOpacity) };
                Drawing.DrawPixels(canvas, ink, panel, dim);
            }
        }

        using var outline = new SKPaint { Color = Drawing.Highlight, Style = SKPaintStyle.Stroke, StrokeWidth = TraceLayout.OutlineWidth, IsAntialias = false };
        canvas.Save();
        canvas.ClipRect(layout.ImageRect(row, step.Image));
        canvas.DrawRect(layout.WindowRect(row, step.Image, step.Region), outline);
        canvas.Restore();

        var glimpsePanel = layout.GlimpseRect(row);
        using var glimpse = Drawing.InkBitmap(step.Glimpse.ChannelMean(), step.Glimpse.Rows, step.Glimpse.Columns);
        Drawing.DrawPixels(canvas, glimpse, glimpsePanel);
        using var border = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(glimpsePanel, border);
    }

    /// <summary>The attention mask as a blue tint whose opacity follows the mask, strongest where the window reads most.</summary>
    private static SKBitmap AttentionBitmap(ValueGrid attention)
    {
        var values = attention.Values;
        float max = 0;
        foreach (float v in values)
            max = Math.Max(max, v);
        var bitmap = new SKBitmap(attention.Columns, attention.Rows, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (int r = 0; r < attention.Rows; r++)
            for (int c = 0; c < attention.Columns; c++)
            {
                float weight = max > 0 ? values[r * attention.Columns + c] / max : 0;
                bitmap.SetPixel(c, r, AttentionTint.WithAlpha((byte)Math.Round(MaximumTintOpacity * weight)));
            }
        return bitmap;
    }
}
