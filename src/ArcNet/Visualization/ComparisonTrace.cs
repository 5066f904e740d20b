namespace ArcNet.Visualization;

/// <summary>
/// Everything the comparator did while comparing one pair: both inputs, every glimpse, and the resulting similarity.
/// Made by <see cref="ArcComparator.Trace"/>; holds only managed copies, so it needs no disposing and is safe to keep.
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
    /// The probability that the pair shows the same thing, for this order of the images (first, second). It equals
    /// <see cref="ArcComparator.Similarity"/> unless <see cref="ArcOptions.AverageBothOrders"/> is set.
    /// </summary>
    public double Similarity { get; }

    /// <summary>The image a step read: <see cref="First"/> for 0, <see cref="Second"/> for 1.</summary>
    public ValueGrid Image(int index) => index switch
    {
        0 => First,
        1 => Second,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "The image index is 0 (first) or 1 (second)."),
    };
}
