namespace ArcNet.Visualization;

/// <summary>One step of the controller in a <see cref="ComparisonTrace"/>: which image it read, where, and what it saw.</summary>
public sealed class TraceStep
{
    internal TraceStep(int index, int image, (double Y, double X, double Zoom) parameters, GlimpseRegion region, ValueGrid glimpse, ValueGrid attention)
    {
        Index = index;
        Image = image;
        Parameters = parameters;
        Region = region;
        Glimpse = glimpse;
        Attention = attention;
    }

    /// <summary>Position in the sequence, 0 first.</summary>
    public int Index { get; }

    /// <summary>0 when the step read the first image, 1 the second; the controller alternates, starting with 0.</summary>
    public int Image { get; }

    /// <summary>
    /// The controller's raw glimpse parameters, before they become a window (see <see cref="Attention.GlimpseWindow"/>):
    /// y^ and x^, where -1..1 spans the attended map from top to bottom and left to right, and the zoom d^: 0 spreads the
    /// sample points over the whole map, |d^| near 1 packs them into a sharp point.
    /// </summary>
    public (double Y, double X, double Zoom) Parameters { get; }

    /// <summary>
    /// The window in pixels of the input image. A model over a trunk attends over its lower-resolution feature maps; the
    /// region is converted to image pixels (ConvARC's feature cell j covers image pixels 2j and 2j + 1).
    /// </summary>
    public GlimpseRegion Region { get; }

    /// <summary>What the window read, (C, N, N): C = 1 for plain ARC, the trunk's feature channels for ConvARC.</summary>
    public ValueGrid Glimpse { get; }

    /// <summary>
    /// How much each pixel of the read image contributed to the glimpse, (1, A, A): the outer product of the column
    /// sums of the two filterbanks, F_Yᵀ·1·F_X. For ConvARC it is computed on the feature maps and scaled up bilinearly.
    /// </summary>
    public ValueGrid Attention { get; }
}
