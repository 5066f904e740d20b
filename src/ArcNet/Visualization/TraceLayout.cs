using SkiaSharp;

namespace ArcNet.Visualization;

/// <summary>
/// Where a trace picture puts things: a title band, then one row per step with a label, both images and the enlarged
/// glimpse, each panel about 128 pixels wide. Shared by the renderer and the tests that find the window outline.
/// </summary>
internal sealed record TraceLayout(int ImageSize, int PixelScale)
{
    internal const int TitleHeight = 48;
    internal const int LabelWidth = 72;
    internal const int Gap = 10;
    internal const int Margin = 10;
    internal const float OutlineWidth = 2;

    internal static TraceLayout For(ComparisonTrace trace) => new(trace.ImageSize, Math.Max(1, (int)Math.Round(128.0 / trace.ImageSize)));

    internal int Panel => ImageSize * PixelScale;

    internal int Width => LabelWidth + 3 * Panel + 2 * Gap + Margin;

    internal int Height(int rows) => TitleHeight + rows * (Panel + Gap) + Margin - Gap;

    internal SKRect ImageRect(int row, int image) => PanelRect(row, image);

    internal SKRect GlimpseRect(int row) => PanelRect(row, 2);

    /// <summary>
    /// The window's box (<see cref="GlimpseRegion"/>: the cells of its sample points) on its image panel. Image pixel i
    /// covers panel pixels i·s .. (i + 1)·s, so a coordinate y lands at (y + 0.5)·s. A window shrunk to a point is kept one image pixel wide
    /// so that it stays visible.
    /// </summary>
    internal SKRect WindowRect(int row, int image, GlimpseRegion region)
    {
        var panel = ImageRect(row, image);
        double halfMinimum = 0.5;
        double centreY = region.CentreY, centreX = region.CentreX;
        double halfY = Math.Max((region.Bottom - region.Top) / 2, halfMinimum);
        double halfX = Math.Max((region.Right - region.Left) / 2, halfMinimum);
        float Map(double coordinate, float origin) => origin + (float)((coordinate + 0.5) * PixelScale);
        return new SKRect(Map(centreX - halfX, panel.Left), Map(centreY - halfY, panel.Top), Map(centreX + halfX, panel.Left), Map(centreY + halfY, panel.Top));
    }

    private SKRect PanelRect(int row, int column)
    {
        float left = LabelWidth + column * (Panel + Gap);
        float top = TitleHeight + row * (Panel + Gap);
        return new SKRect(left, top, left + Panel, top + Panel);
    }
}
