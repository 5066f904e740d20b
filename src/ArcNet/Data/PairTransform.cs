namespace ArcNet.Data;

/// <summary>The random choices for one pair: shared flips, then one affine transform per image.</summary>
internal readonly record struct PairTransform(bool FlipHorizontal, bool FlipVertical, ImageAffine First, ImageAffine Second)
{
    internal static PairTransform Flips(bool horizontal, bool vertical) => new(horizontal, vertical, ImageAffine.Identity, ImageAffine.Identity);
}
