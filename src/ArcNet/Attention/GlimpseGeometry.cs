using static TorchSharp.torch;

namespace ArcNet.Attention;

/// <summary>
/// Where a batch of glimpses looks, in pixels: each tensor is (B). Dispose it when done.
/// </summary>
/// <param name="CentreY">Row of the window centre, 0 at the top edge pixel.</param>
/// <param name="CentreX">Column of the window centre, 0 at the left edge pixel.</param>
/// <param name="Stride">Distance between neighbouring sample points; the window spans about N times this.</param>
/// <param name="Scale">Cauchy kernel scale (gamma): larger blurs more.</param>
internal sealed record GlimpseGeometry(Tensor CentreY, Tensor CentreX, Tensor Stride, Tensor Scale) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        CentreY.Dispose();
        CentreX.Dispose();
        Stride.Dispose();
        Scale.Dispose();
    }
}
