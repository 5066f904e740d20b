namespace ArcNet.Visualization;

/// <summary>
/// Where one glimpse looked, in pixels of the input image (pixel (0, 0) is the top-left pixel, centred at 0).
/// </summary>
/// <remarks>
/// The window's N x N sample points lie <see cref="Stride"/> apart around the centre, so they span
/// <see cref="Top"/>..<see cref="Bottom"/> and <see cref="Left"/>..<see cref="Right"/>: centre ± stride · N / 2.
/// Each point reads a Cauchy-weighted neighbourhood of width about <see cref="Scale"/>, so the window sees a little
/// beyond that box. The box may lie partly or wholly outside the image: the default linear parameter map does not
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

    /// <summary>Upper edge of the box spanned by the sample points.</summary>
    public double Top { get; }

    /// <summary>Lower edge of the box spanned by the sample points.</summary>
    public double Bottom { get; }

    /// <summary>Left edge of the box spanned by the sample points.</summary>
    public double Left { get; }

    /// <summary>Right edge of the box spanned by the sample points.</summary>
    public double Right { get; }
}
