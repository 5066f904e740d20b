using SkiaSharp;

namespace ArcNet.Visualization;

/// <summary>Drawing pieces shared by the renderers: fonts, grayscale bitmaps and PNG encoding.</summary>
internal static class Drawing
{
    /// <summary>The colour of a glimpse window's outline: strong enough to read on ink and on background.</summary>
    internal static readonly SKColor Highlight = new(230, 30, 30);

    /// <summary>
    /// A font on the default typeface. Where the machine has no fonts at all the typeface is empty and text simply
    /// draws nothing, which is better than failing to render a picture over its captions.
    /// </summary>
    internal static SKFont Font(float size) => new(SKTypeface.Default, size);

    /// <summary>
    /// <paramref name="values"/> (rows x columns, row by row) as gray pixels, the largest value black and the smallest white:
    /// the model's inputs have ink high, so this shows dark ink on paper whatever mean was subtracted.
    /// </summary>
    internal static SKBitmap InkBitmap(ReadOnlySpan<float> values, int rows, int columns)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        float range = max - min;
        var bitmap = new SKBitmap(columns, rows, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                float ink = range > 0 ? (values[r * columns + c] - min) / range : 0.5f;
                byte gray = (byte)Math.Round(255 * (1 - ink));
                bitmap.SetPixel(c, r, new SKColor(gray, gray, gray));
            }
        return bitmap;
    }

    /// <summary>Draws <paramref name="bitmap"/> into <paramref name="target"/> with square, unblurred pixels.</summary>
    internal static void DrawPixels(SKCanvas canvas, SKBitmap bitmap, SKRect target, SKPaint? paint = null)
    {
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Nearest), paint);
    }

    /// <summary>A blank white canvas surface of the given size.</summary>
    internal static SKBitmap Blank(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        bitmap.Erase(SKColors.White);
        return bitmap;
    }

    internal static byte[] EncodePng(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
