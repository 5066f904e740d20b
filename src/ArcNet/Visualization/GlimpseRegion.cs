namespace ArcNet.Visualization;

/// <summary>
/// Where one glimpse looked, in pixels of the input image (pixel (0, 0) is the top-left pixel, centred at 0).
/// </summary>
/// <remarks>
/// The window's N x N sample points lie <see cref="Stride"/> apart around the centre, the outermost ones at
/// centre ± stride · (N - 1) / 2. The box <see cref="Top"/>..<see cref="Bottom"/> by <see cref="Left"/>..<see cref="Right"/>
/// is their N x N cells, each one stride wide and centred on its point: centre ± stride · N / 2, the area the glimpse's
/// N x N values stand for. Each point reads a Cauchy-weighted neighbourhood of width about <see cref="Scale"/>, so the
/// window sees a little beyond that box. The box may lie partly or wholly outside the image: the default linear parameter map does not
/// keep it inside.
/// </remarks>
public readonly record struct GlimpseRegion
{
    /// <summary>Describes a window of <paramref name="samples"/> x <paramref name="samples"/> points.</summary>
    /// <param name="centreY">Row of the window centre.</param>
    /// <param name="centreX">Column of the window centre.</param>
    /// <param name="stride">Distance between neighbouring sample points.</param>
    /// <param name="scale">Cauchy kernel scale (gamma).</param>
    /// <param name="samples">Sample points along each side: the glimpse side N.</param>
    public GlimpseRegion(double centreY, double centreX, double stride, double scale, int samples)
    {
        CentreY = centreY;
        CentreX = centreX;
        Stride = stride;
        Scale = scale;
        double half = stride * samples / 2;
        Top = centreY - half;
        Bottom = centreY + half;
        Left = centreX - half;
        Right = centreX + half;
    }

    /// <summary>Row of the window centre.</summary>
    public double CentreY { get; }

    /// <summary>Column of the window centre.</summary>
    public double CentreX { get; }

    /// <summary>Distance between neighbouring sample points.</summary>
    public double Stride { get; }

    /// <summary>Cauchy kernel scale (gamma): larger blurs more.</summary>
    public double Scale { get; }

    /// <summary>Upper edge of the sample points' cells: half a stride beyond the outermost points.</summary>
    public double Top { get; }

    /// <summary>Lower edge of the sample points' cells: half a stride beyond the outermost points.</summary>
    public double Bottom { get; }

    /// <summary>Left edge of the sample points' cells: half a stride beyond the outermost points.</summary>
    public double Left { get; }

    /// <summary>Right edge of the sample points' cells: half a stride beyond the outermost points.</summary>
    public double Right { get; }
}
