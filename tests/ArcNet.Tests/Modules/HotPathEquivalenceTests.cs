using ArcNet.Attention;
using ArcNet.Modules;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

/// <summary>
/// The controller's hot path is written for speed (fused ops, precomputed grids). These tests hold it to the
/// model's mathematics written the plain way, in float64, step by step from the state dict: forward values and
/// gradients, plain ARC and a multi-channel (ConvARC-shaped) input. The controller's weights come from the
/// seeded global generator, so the class runs in the serial collection.
/// </summary>
[Collection(GlobalRandomState.Name)]
public class HotPathEquivalenceTests
{
    [Fact]
    public void Filterbanks_match_the_textbook_formula_in_float64()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(7);
        const int a = 32, n = 4;
        var parameters = cat(new[] { randn(64, 3, generator: random), tensor(new float[,] { { 0, 0, 1 }, { 0, 0, -1 }, { 2, -2, 0.999f }, { -1, 1, 0 } }) }, 0);
        var filters = GlimpseWindow.FilterbanksUnchecked(parameters, a, n, GlimpseWindow.PixelGrid(a, parameters));
        var reference = ReferenceFilterbanks(parameters.to(float64), a, n);
        filters.to(float64).allclose(reference, rtol: 1e-4, atol: 1e-6).Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_controller_matches_a_plain_float64_reference_in_values_and_gradients(bool multiChannel)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(11);
        ArcOptions options = multiChannel
            ? new ConvArcOptions { ImageSize = 16, HiddenSize = 24, GlimpsesPerImage = 3 }
            : new PlainArcOptions { HiddenSize = 48, GlimpsesPerImage = 4 };
        manual_seed(11);   // the weights: module initialisation draws from the global generator only
        using var controller = new ArcController(options, options.AttendedChannels);
        // Bigger glimpse-parameter weights than the init, so windows move, zoom and sharpen from step to step.
        using (no_grad())
            controller.state_dict()["glimpse_parameters.linear.weight"].mul_(60);
        int channels = options.AttendedChannels, size = options.AttendedSize;
        var first = randn(3, channels, size, size, generator: random);
        var second = randn(3, channels, size, size, generator: random);

        var hidden = controller.Run(first, second, record: null);
        var probe = randn(hidden.shape, generator: random);
        (hidden * probe).sum().backward();

        var weights = controller.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().to(float64).requires_grad_(true));
        var expected = ReferenceRun(weights, first.to(float64), second.to(float64), options);
        (expected * probe.to(float64)).sum().backward();

        hidden.to(float64).allclose(expected, rtol: 1e-4, atol: 1e-5).Should().BeTrue("h_T");
        foreach (var (name, parameter) in controller.named_parameters())
            parameter.grad!.to(float64).allclose(weights[name].grad!, rtol: 1e-3, atol: 1e-5).Should().BeTrue($"d/d {name}");
    }

    /// <summary>Section 1 of the reference notes, one formula per line, float64, (B, 2, N, A).</summary>
    private static Tensor ReferenceFilterbanks(Tensor p, int a, int n)
    {
        var y = (a - 1) * (p[.., 0] + 1) / 2;
        var x = (a - 1) * (p[.., 1] + 1) / 2;
        var delta = a / (double)n * (1 - p[.., 2].abs());
        var gamma = (1 - 2 * p[.., 2].abs()).exp();
        var i = arange(n, dtype: float64);
        var pixels = arange(a, dtype: float64);
        Tensor Bank(Tensor centre)
        {
            var mu = centre.unsqueeze(1) + delta.unsqueeze(1) * (i - n / 2.0 + 0.5);                     // (B, N)
            var g = gamma.view(-1, 1, 1);
            var f = 1 / (Math.PI * g * (1 + ((pixels - mu.unsqueeze(2)) / g).pow(2)));                  // (B, N, A)
            return f / (f.sum(2, keepdim: true) + 1e-4);
        }
        return stack(new[] { Bank(y), Bank(x) }, 1);
    }

    /// <summary>Section 2: glimpse params from h_{t-1}, glimpse of image t mod 2, LSTM over [glimpse, h] with blocks [g, i, f, o].</summary>
    private static Tensor ReferenceRun(Dictionary<string, Tensor> w, Tensor first, Tensor second, ArcOptions o)
    {
        int hSize = o.HiddenSize, n = o.GlimpseSize;
        long batch = first.shape[0];
        var h = zeros(batch, hSize, dtype: float64);
        var c = zeros(batch, hSize, dtype: float64);
        for (int t = 0; t < o.Steps; t++)
        {
            var image = t % 2 == 0 ? first : second;                                                   // (B, C, A, A)
            var p = h.matmul(w["glimpse_parameters.linear.weight"].t());
            var f = ReferenceFilterbanks(p, (int)image.shape[^1], n);
            var glimpse = f[.., 0].unsqueeze(1).matmul(image).matmul(f[.., 1].transpose(1, 2).unsqueeze(1)); // (B, C, N, N)
            var gates = cat(new[] { glimpse.flatten(1), h }, 1).matmul(w["lstm.weight"]) + w["lstm.bias"];
            var blocks = gates.chunk(4, 1);
            var candidate = blocks[0].tanh();
            var input = blocks[1].sigmoid();
            var forget = blocks[2].sigmoid();
            var output = blocks[3].sigmoid();
            c = forget * c + input * candidate;
            h = output * c.tanh();
        }
        return h;
    }
}
