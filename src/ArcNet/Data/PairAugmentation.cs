using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ArcNet.Data;

/// <summary>
/// Training-time augmentation of image pairs, as in the ARC paper: flips shared by both images of a pair
/// (horizontal and vertical, each with probability 0.5), then an independent random affine transform per
/// image about its centre (scale 0.8-1.2 per axis, rotation ±20°, shear ±10°, shift ±5 px).
/// </summary>
/// <remarks>
/// <para>
/// Runs on tensors of any device with <c>affine_grid</c> and bilinear <c>grid_sample</c> (align_corners false).
/// Inputs are mean-centred, so their background is -mean, not 0: the mean given to the constructor is added
/// before sampling and subtracted after, which makes the area uncovered by a transform background rather
/// than a grey frame. Pass 0 for un-centred images.
/// </para>
/// <para>
/// Shifts are in pixels of the input, whatever its size (±5 px is ±5/32 of the side at A = 32).
/// <see cref="Strength"/> scales every range and both flip probabilities; strength 0 is the identity.
/// Random numbers come from the augmentation's own seeded generator, so runs are reproducible; for the same
/// reason an instance is not thread-safe.
/// </para>
/// </remarks>
internal sealed class PairAugmentation
{
    private const double MaxScaleChange = 0.2;
    private const double MaxRotationDegrees = 20;
    private const double MaxShearDegrees = 10;
    private const double MaxShiftPixels = 5;
    private const double FlipProbability = 0.5;

    private readonly Random _random;
    private readonly double _meanPixel;

    /// <summary>Creates an augmentation.</summary>
    /// <param name="meanPixel">The mean that was subtracted from the images (<see cref="ImageDataset.MeanPixel"/>), or 0 for un-centred images.</param>
    /// <param name="strength">In [0, 1]: 1 gives the paper's ranges, 0 the identity.</param>
    /// <param name="seed">Seed of the augmentation's own random generator.</param>
    internal PairAugmentation(double meanPixel, double strength = 1.0, int seed = 0)
    {
        ImageDecoder.CheckMeanPixel(meanPixel, nameof(meanPixel));
        if (!(strength is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "The strength must be in [0, 1].");
        _meanPixel = meanPixel;
        Strength = strength;
        _random = new Random(seed);
    }

    /// <summary>Scale of all ranges and flip probabilities, in [0, 1].</summary>
    internal double Strength { get; }

    /// <summary>Augments a batch of pairs; the inputs are not modified.</summary>
    /// <param name="first">First images, (B, C, A, A).</param>
    /// <param name="second">Second images, the same shape.</param>
    /// <returns>New tensors of the same shapes, on the same device.</returns>
    internal (Tensor First, Tensor Second) Apply(Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.dim() != 4 || !first.shape.SequenceEqual(second.shape))
            throw new ArgumentException(
                $"Expected two (B, C, H, W) tensors of one shape, got [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}]; " +
                "pass batches as PairSampler.Sample returns them.", first.dim() != 4 ? nameof(first) : nameof(second));
        var transforms = new PairTransform[first.shape[0]];
        for (int b = 0; b < transforms.Length; b++)
            transforms[b] = Draw();
        return Apply(first, second, transforms);
    }

    /// <summary>Applies given transforms, one per pair; the deterministic core of <see cref="Apply(Tensor, Tensor)"/>.</summary>
    internal (Tensor First, Tensor Second) Apply(Tensor first, Tensor second, IReadOnlyList<PairTransform> transforms)
    {
        using var scope = NewDisposeScope();
        if (transforms.Count != first.shape[0])
            throw new ArgumentException($"Got {transforms.Count} transforms for {first.shape[0]} pairs.", nameof(transforms));
        var firstTheta = Theta(transforms, t => t.First, first);
        var secondTheta = Theta(transforms, t => t.Second, second);
        return (Warp(first, firstTheta).MoveToOuterDisposeScope(), Warp(second, secondTheta).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Augments images (B, C, A, A) that come in groups showing one thing, such as a character's support and query
    /// drawings: the images of a group share their flips (a flipped character is a new character), and each image gets
    /// its own random affine transform. <paramref name="groupOf"/> gives each image's group, 0 to G - 1.
    /// </summary>
    internal Tensor ApplyGrouped(Tensor images, IReadOnlyList<int> groupOf)
    {
        using var scope = NewDisposeScope();
        var shared = new (bool Horizontal, bool Vertical)[groupOf.Count == 0 ? 0 : groupOf.Max() + 1];
        for (int g = 0; g < shared.Length; g++)
            shared[g] = (_random.NextDouble() < FlipProbability * Strength, _random.NextDouble() < FlipProbability * Strength);
        var transforms = groupOf.Select(g => new PairTransform(shared[g].Horizontal, shared[g].Vertical, DrawAffine(Strength), ImageAffine.Identity)).ToArray();
        return Warp(images, Theta(transforms, t => t.First, images)).MoveToOuterDisposeScope();
    }

    private Tensor Warp(Tensor images, Tensor theta)
    {
        var grid = F.affine_grid(theta, images.shape, align_corners: false); // (B, H, W, 2)
        var uncentred = images + _meanPixel;
        var warped = F.grid_sample(uncentred, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        return warped.sub_(_meanPixel); // (B, C, H, W)
    }

    private static Tensor Theta(IReadOnlyList<PairTransform> transforms, Func<PairTransform, ImageAffine> pick, Tensor like)
    {
        long height = like.shape[^2], width = like.shape[^1];
        var values = new float[transforms.Count * 6];
        for (int b = 0; b < transforms.Count; b++)
            pick(transforms[b]).InverseMatrix(transforms[b].FlipHorizontal, transforms[b].FlipVertical, width, height).CopyTo(values, b * 6);
        return tensor(values, [transforms.Count, 2, 3], like.dtype, like.device); // (B, 2, 3)
    }

    private PairTransform Draw()
    {
        double s = Strength;
        // Drawn unconditionally, so the random stream does not depend on earlier outcomes.
        bool horizontal = _random.NextDouble() < FlipProbability * s;
        bool vertical = _random.NextDouble() < FlipProbability * s;
        return new PairTransform(horizontal, vertical, DrawAffine(s), DrawAffine(s));
    }

    private ImageAffine DrawAffine(double s) => new(
        ScaleX: 1 + Symmetric(MaxScaleChange * s),
        ScaleY: 1 + Symmetric(MaxScaleChange * s),
        RotationDegrees: Symmetric(MaxRotationDegrees * s),
        ShearDegrees: Symmetric(MaxShearDegrees * s),
        ShiftX: Symmetric(MaxShiftPixels * s),
        ShiftY: Symmetric(MaxShiftPixels * s));

    private double Symmetric(double halfRange) => halfRange * (2 * _random.NextDouble() - 1);
}
