namespace ArcNet.Visualization;

/// <summary>
/// Everything an ARC model did while comparing one pair: both inputs, every glimpse, and the resulting similarity.
/// Made by <see cref="Modules.ArcNetwork.Trace"/>; holds only managed copies, so it needs no disposing and is safe to keep.
/// Draw it with <see cref="ContactSheet"/> or <see cref="Animation"/>.
/// </summary>
public sealed class ComparisonTrace
{
    internal ComparisonTrace(ValueGrid first, ValueGrid second, int glimpseSize, IReadOnlyList<TraceStep> steps, double similarity)
    {
        if (first.Rows != first.Columns || second.Rows != first.Rows || second.Columns != first.Columns)
            throw new ArgumentException($"Both images must be square and of one size; got {first.Rows} x {first.Columns} and {second.Rows} x {second.Columns}.", nameof(second));
        First = first;
        Second = second;
        GlimpseSize = glimpseSize;
        Steps = steps.ToArray();
        Similarity = similarity;
    }

    /// <summary>The first image as the model saw it (preprocessed), (C, A, A).</summary>
    public ValueGrid First { get; }

    /// <summary>The second image as the model saw it, (C, A, A).</summary>
    public ValueGrid Second { get; }

    /// <summary>Side A of the images, in pixels.</summary>
    public int ImageSize => First.Rows;

    /// <summary>Side N of each glimpse, in sample points.</summary>
    public int GlimpseSize { get; }

    /// <summary>The controller's steps in order: 2 x glimpses per image, alternating between image 0 and image 1.</summary>
    public IReadOnlyList<TraceStep> Steps { get; }

    /// <summary>
    /// The probability that the pair shows the same thing, for this order of the images (first, second): what
    /// <see cref="ArcComparator.Similarity(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, bool)"/> gives for it in one order.
    /// </summary>
    public double Similarity { get; }

    /// <summary>The image a step read: <see cref="First"/> for 0, <see cref="Second"/> for 1.</summary>
    public ValueGrid Image(int index) => index switch
    {
        0 => First,
        1 => Second,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "The image index is 0 (first) or 1 (second)."),
    };

    /// <summary>
    /// A PNG contact sheet: a title with the similarity, then one row per step, showing both images (the one read in full,
    /// tinted blue by its attention, the other dimmed), the window's box (the cells of its sample points) outlined in red,
    /// and the N x N glimpse enlarged beside them (for a model over a trunk, the mean of its feature channels). Images are shown
    /// with the highest value darkest, so ink is dark.
    /// </summary>
    public byte[] ContactSheet() => TraceRenderer.ContactSheet(this);

    /// <summary>The same as <see cref="ContactSheet"/> as an animated PNG (APNG) with one frame per step, looping; viewers without APNG support show the first frame.</summary>
    /// <param name="frameDuration">How long each step stays on screen; <c>null</c> means 0.8 s.</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive.</exception>
    public byte[] Animation(TimeSpan? frameDuration = null) => TraceRenderer.Animation(this, frameDuration);
}
