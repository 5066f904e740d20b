using ArcNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Attention;

/// <summary>
/// ARC's soft-attention window: an N x N glimpse of an A x A image read through two banks of Cauchy
/// kernels, one along each axis (Shyam et al., 2017, section 3).
/// </summary>
/// <remarks>
/// A glimpse is described by three unconstrained numbers per image, <c>(y^, x^, d^)</c>:
/// the centre is <c>(A - 1)(y^ + 1) / 2</c> (so -1..1 spans the image), the stride between sample points is
/// <c>(A / N)(1 - |d^|)</c> and the kernel scale is <c>exp(1 - 2|d^|)</c>, so one number both zooms and sharpens.
/// Each filterbank row is a Cauchy density over pixel positions divided by its sum plus 1e-4; Cauchy
/// rather than Gaussian kernels keep gradients alive far from the window. The glimpse is
/// <c>F_Y · I · F_Xᵀ</c>, two batched matrix products, applied to every channel of a multi-channel input.
/// <para>
/// As a module it has no weights: <c>window.call(images, parameters)</c> reads one glimpse of each image, for a
/// controller of your own. The static methods are the same operations as functions.
/// </para>
/// </remarks>
public sealed class GlimpseWindow : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Added to each filterbank row's sum before normalising, as in the authors' code.</summary>
    public const double NormalisationEpsilon = 1e-4;

    private readonly int _glimpseSize;

    /// <summary>A window that reads <paramref name="glimpseSize"/> x <paramref name="glimpseSize"/> glimpses.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The glimpse side is less than 1.</exception>
    public GlimpseWindow(int glimpseSize) : base(nameof(GlimpseWindow))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(glimpseSize, 1);
        _glimpseSize = glimpseSize;
    }

    /// <summary>Side N of the glimpses it reads.</summary>
    public int GlimpseSize => _glimpseSize;

    /// <summary>
    /// Glimpses (B, N, N) or (B, C, N, N) of <paramref name="images"/>, (B, A, A) or (B, C, A, A), at
    /// <paramref name="parameters"/> (B, 3) = (y^, x^, d^): <see cref="Extract"/> with this window's side.
    /// </summary>
    public override Tensor forward(Tensor images, Tensor parameters) => Extract(images, parameters, _glimpseSize);

    /// <summary>
    /// Centre, stride and scale of the glimpses described by <paramref name="parameters"/> (B, 3) = (y^, x^, d^),
    /// in pixels of an image of side <paramref name="imageSize"/> read by a window of side <paramref name="glimpseSize"/>.
    /// </summary>
    internal static GlimpseGeometry Geometry(Tensor parameters, int imageSize, int glimpseSize)
    {
        ValidateParameters(parameters);
        ValidateSizes(imageSize, glimpseSize);
        using var scope = NewDisposeScope();
        var (centres, stride, scale) = Window(parameters, imageSize, glimpseSize);
        return new GlimpseGeometry(
            centres[.., 0].MoveToOuterDisposeScope(), centres[.., 1].MoveToOuterDisposeScope(),
            stride.squeeze(1).MoveToOuterDisposeScope(), scale.squeeze(1).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The paper's reading of (y^, x^, d^) (B, 3): centres (B, 2) in pixels, y then x; stride (B, 1) between sample
    /// points; Cauchy scale (B, 1). The one place it is written: the model's filterbanks and the traces' boxes both use it.
    /// </summary>
    private static (Tensor Centres, Tensor Stride, Tensor Scale) Window(Tensor parameters, int imageSize, int glimpseSize)
    {
        var zoom = parameters[.., 2..3].abs();                                                // (B, 1)
        var centres = (parameters[.., ..2] + 1) * ((imageSize - 1) / 2.0);                   // (B, 2): y, x
        var stride = (1 - zoom) * (imageSize / (double)glimpseSize);                          // (B, 1)
        return (centres, stride, (1 - 2 * zoom).exp());
    }

    /// <summary>
    /// The two filterbanks of the glimpses described by <paramref name="parameters"/> (B, 3) = (y^, x^, d^):
    /// <c>FilterY</c> and <c>FilterX</c>, each (B, N, A), rows normalised.
    /// </summary>
    public static (Tensor FilterY, Tensor FilterX) Filterbanks(Tensor parameters, int imageSize, int glimpseSize)
    {
        ValidateParameters(parameters);
        ValidateSizes(imageSize, glimpseSize);
        using var scope = NewDisposeScope();
        var filters = FilterbanksUnchecked(parameters, imageSize, glimpseSize, PixelGrid(imageSize, parameters));
        return (filters[.., 0].MoveToOuterDisposeScope(), filters[.., 1].MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Reads glimpses of <paramref name="images"/>, (B, A, A) or (B, C, A, A), at <paramref name="parameters"/> (B, 3).
    /// Returns (B, N, N) or (B, C, N, N) respectively.
    /// </summary>
    public static Tensor Extract(Tensor images, Tensor parameters, int glimpseSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        ValidateParameters(parameters);
        if (images.dim() is not (3 or 4) || images.shape[^1] != images.shape[^2])
            throw new ArgumentException($"Images must be square, shaped (B, A, A) or (B, C, A, A); got ({string.Join(", ", images.shape)}).", nameof(images));
        if (images.shape[0] != parameters.shape[0])
            throw new ArgumentException($"Got {images.shape[0]} images but {parameters.shape[0]} glimpse parameter rows; give one row per image.", nameof(parameters));
        if (!DeviceChoice.Same(images.device, parameters.device))
            throw new ArgumentException($"Images are on {images.device} but parameters on {parameters.device}; move both to one device.", nameof(parameters));
        int imageSize = (int)images.shape[^1];
        ValidateSizes(imageSize, glimpseSize);

        using var scope = NewDisposeScope();
        return ExtractUnchecked(images, parameters, glimpseSize, PixelGrid(imageSize, images)).MoveToOuterDisposeScope();
    }

    /// <summary>Pixel coordinates 0..A-1 in <paramref name="like"/>'s dtype and device; built once per forward pass and reused for every step.</summary>
    internal static Tensor PixelGrid(int imageSize, Tensor like) => arange(imageSize, dtype: like.dtype, device: like.device);

    /// <summary>Offsets of the N sample points from the window centre in units of the stride, i - N/2 + 0.5; built once per forward pass.</summary>
    internal static Tensor SampleOffsets(int glimpseSize, Tensor like) =>
        arange(glimpseSize, dtype: like.dtype, device: like.device) - (glimpseSize / 2.0 - 0.5);

    /// <summary>
    /// Both filterbanks stacked, (B, 2, N, A): index 0 is F_Y, 1 is F_X. Computing them together halves the op count.
    /// </summary>
    /// <remarks>
    /// Written for few native ops, since the controller calls it every step: the Cauchy density
    /// 1 / (pi gamma (1 + ((a - mu) / gamma)^2)) is computed as the equal (gamma / pi) / (gamma^2 + (a - mu)^2),
    /// one addcmul and one division over the (B, 2, N, A) grid instead of five elementwise passes.
    /// </remarks>
    internal static Tensor FilterbanksUnchecked(Tensor parameters, int imageSize, int glimpseSize, Tensor pixelGrid, Tensor? offsets = null)
    {
        offsets ??= SampleOffsets(glimpseSize, parameters);                                   // (N)
        var (centres, stride, windowScale) = Window(parameters, imageSize, glimpseSize);
        var means = addcmul(centres.unsqueeze(-1), stride.unsqueeze(-1), offsets, 1.0);          // (B, 2, N)
        var scale = windowScale.view(-1, 1, 1, 1);                                            // (B, 1, 1, 1)
        var distance = pixelGrid - means.unsqueeze(-1);                                       // (B, 2, N, A)
        var density = (scale / Math.PI) / addcmul(scale.square(), distance, distance, 1.0);
        return density / (density.sum(-1, keepdim: true) + NormalisationEpsilon);
    }

    /// <summary>F_Y · I · F_Xᵀ without argument checks, for the controller's inner loop.</summary>
    internal static Tensor ExtractUnchecked(Tensor images, Tensor parameters, int glimpseSize, Tensor pixelGrid, Tensor? offsets = null)
    {
        if (images.dim() == 4)
            return ExtractLaidOut(RowsFirst(images), (int)images.shape[1], parameters, glimpseSize, pixelGrid, offsets);
        var (filterY, filterXt) = Banks(parameters, (int)images.shape[^1], glimpseSize, pixelGrid, offsets);
        return filterY.bmm(images).bmm(filterXt);                                                 // (B, N, N)
    }

    /// <summary>
    /// Multi-channel images (B, C, A, A) laid out row by row, (B, A, C A), for <see cref="ExtractLaidOut"/>: a controller
    /// lays out each image once and takes all its glimpses from the layout.
    /// </summary>
    internal static Tensor RowsFirst(Tensor images) => images.permute(0, 2, 1, 3).reshape(images.shape[0], images.shape[2], -1);

    /// <summary>
    /// Glimpses (B, C, N, N) of images laid out by <see cref="RowsFirst"/>. Every channel shares the two filterbanks, so the
    /// channels fold into two batched products over B of a few large matrices, F_Y (N, A) · rows (A, C A) and then
    /// (N C, A) · F_Xᵀ (A, N), rather than B · C products of tiny ones; only the small result is transposed.
    /// </summary>
    internal static Tensor ExtractLaidOut(Tensor laidOut, int channels, Tensor parameters, int glimpseSize, Tensor pixelGrid, Tensor? offsets = null)
    {
        long batch = laidOut.shape[0], imageSize = laidOut.shape[1];
        var (filterY, filterXt) = Banks(parameters, (int)imageSize, glimpseSize, pixelGrid, offsets);
        var rows = filterY.bmm(laidOut);                                                          // (B, N, C A)
        var glimpses = rows.view(batch, glimpseSize * channels, imageSize).bmm(filterXt);         // (B, N C, N)
        return glimpses.view(batch, glimpseSize, channels, glimpseSize).transpose(1, 2);         // (B, C, N, N)
    }

    /// <summary>F_Y (B, N, A) and F_Xᵀ (B, A, N) of the glimpses described by <paramref name="parameters"/>.</summary>
    private static (Tensor FilterY, Tensor FilterXt) Banks(Tensor parameters, int imageSize, int glimpseSize, Tensor pixelGrid, Tensor? offsets)
    {
        var filters = FilterbanksUnchecked(parameters, imageSize, glimpseSize, pixelGrid, offsets); // (B, 2, N, A)
        return (filters[.., 0], filters[.., 1].transpose(1, 2));
    }

    private static void ValidateParameters(Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.dim() != 2 || parameters.shape[1] != 3)
            throw new ArgumentException($"Glimpse parameters must be shaped (B, 3) = (y^, x^, d^); got ({string.Join(", ", parameters.shape)}).", nameof(parameters));
        if (!parameters.is_floating_point())
            throw new ArgumentException($"Glimpse parameters must be floating point; got {parameters.dtype}.", nameof(parameters));
    }

    private static void ValidateSizes(int imageSize, int glimpseSize)
    {
        if (imageSize < 1)
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The image side must be at least 1 pixel.");
        if (glimpseSize < 1 || glimpseSize > imageSize)
            throw new ArgumentOutOfRangeException(nameof(glimpseSize), glimpseSize, $"The glimpse side must be between 1 and the image side ({imageSize}).");
    }
}
