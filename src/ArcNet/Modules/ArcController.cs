using ArcNet.Attention;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ARC's recurrent controller: an LSTM that looks at the two images in turn, choosing each glimpse from its previous
/// hidden state, and returns its final hidden state h_T. Order: step 0 reads the first image, step 1 the second, and so
/// on, so step t reads image t mod 2 (the PyTorch port's order; the authors' code starts with the second image). The
/// very first glimpse, of the first image, is the (0, 0, 0) one under the authors' unbiased linear map, a blurred
/// thumbnail of the whole image, since h0 = c0 = 0; every later one is chosen from what the controller has seen.
/// </summary>
/// <remarks>
/// Its children: <c>glimpse_parameters</c> maps h to (y^, x^, d^) as <see cref="ArcOptions.BoundedWindow"/> says;
/// <c>lstm</c> is the authors' LSTM cell (one weight over [glimpse, h], one bias, forget bias 0.2). Each step reads its
/// glimpse through <see cref="GlimpseWindow"/>'s filterbanks, built once per call rather than once per step.
/// </remarks>
public sealed class ArcController : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly int _glimpseSize;
    private readonly int _steps;

    [ComponentName(Name = "glimpse_parameters")]
    private readonly GlimpseParameterMap _glimpseParameters;

    [ComponentName(Name = "lstm")]
    private readonly ArcLstmCell _lstm;

    /// <summary>A freshly initialised controller of the shape <paramref name="options"/> give, reading maps of <paramref name="attendedChannels"/> channels.</summary>
    /// <param name="options">The ARC model's options: its hidden size, glimpse size and count, and the window's parameter map. Its input dropout is the model's to apply.</param>
    /// <param name="attendedChannels">Channels of what it attends over: the image's for pixels, a trunk's otherwise.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ArcController(ArcOptions options, int attendedChannels) : base(nameof(ArcController))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(attendedChannels, 1);
        options.Validate();
        _glimpseSize = options.GlimpseSize;
        _steps = options.Steps;
        _glimpseParameters = new GlimpseParameterMap(options.HiddenSize, options.BoundedWindow);
        _lstm = new ArcLstmCell(attendedChannels * options.GlimpseSize * options.GlimpseSize, options.HiddenSize);
        RegisterComponents();
    }

    /// <summary>
    /// h_T (B, H) after alternating between <paramref name="first"/> and <paramref name="second"/>, each (B, C, A, A):
    /// the pixels (C = 1) or a trunk's feature maps, of any side A at least the glimpse size.
    /// </summary>
    public override Tensor forward(Tensor first, Tensor second) => Run(first, second, record: null);

    /// <summary>Runs the comparison; when <paramref name="record"/> is given, appends every step to it.</summary>
    internal Tensor Run(Tensor first, Tensor second, List<ControllerStep>? record)
    {
        using var scope = NewDisposeScope();
        long batch = first.shape[0];
        int imageSize = (int)first.shape[^1];
        int channels = (int)first.shape[1];
        bool singleChannel = channels == 1;
        // Single-channel images take the window's plain bmm path; maps of several channels are laid out once for all their glimpses.
        var images = singleChannel ? new[] { first.squeeze(1), second.squeeze(1) } : new[] { GlimpseWindow.RowsFirst(first), GlimpseWindow.RowsFirst(second) };
        var pixelGrid = GlimpseWindow.PixelGrid(imageSize, first);
        var offsets = GlimpseWindow.SampleOffsets(_glimpseSize, first);

        var hidden = first.new_zeros(batch, _lstm.HiddenSize);
        var cell = first.new_zeros(batch, _lstm.HiddenSize);
        for (int t = 0; t < _steps; t++)
        {
            int image = t % 2;
            var parameters = _glimpseParameters.call(hidden);                                           // (B, 3)
            var glimpse = singleChannel
                ? GlimpseWindow.ExtractUnchecked(images[image], parameters, _glimpseSize, pixelGrid, offsets)          // (B, N, N)
                : GlimpseWindow.ExtractLaidOut(images[image], channels, parameters, _glimpseSize, pixelGrid, offsets);  // (B, C, N, N)
            (hidden, cell) = _lstm.call(glimpse.flatten(1), (hidden, cell));                            // (B, H)
            if (record is not null)
            {
                var seen = singleChannel ? glimpse.unsqueeze(1) : glimpse;
                record.Add(new ControllerStep(image, parameters.MoveToOuterDisposeScope(), seen.MoveToOuterDisposeScope(), hidden.alias().MoveToOuterDisposeScope()));
            }
        }
        return hidden.MoveToOuterDisposeScope();
    }
}
