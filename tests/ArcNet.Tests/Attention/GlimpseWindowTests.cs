using ArcNet.Attention;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Attention;

public class GlimpseWindowTests
{
    private const int A = 32;
    private const int N = 4;

    /// <summary>A row of the reference note's golden table.</summary>
    public sealed record GoldenRow(float[] Parameters, double Stride, double Scale, double[] MeansX, double[] FirstFilterRow, double RowSum)
    {
        public override string ToString() => $"({string.Join(", ", Parameters)})";
    }

    public static TheoryData<GoldenRow> Golden => new()
    {
        new GoldenRow(new[] { 0f, 0f, 0f }, 8.0, 2.7183, new[] { 3.5, 11.5, 19.5, 27.5 }, new[] { 0.0565, 0.08135, 0.11511, 0.14525 }, 0.999872),
        new GoldenRow(new[] { 0.5f, -0.3f, 0.6f }, 3.2, 0.8187, new[] { 6.05, 9.25, 12.45, 15.65 }, new[] { 0.00727, 0.01036, 0.01588, 0.02718 }, 0.999896),
        new GoldenRow(new[] { 0f, 0f, 1f }, 0.0, 0.3679, new[] { 15.5, 15.5, 15.5, 15.5 }, new[] { 0.00061, 0.00069, 0.00080, 0.00093 }, 0.999876),
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Geometry_matches_the_reference_values(GoldenRow golden)
    {
        using var p = tensor(golden.Parameters).unsqueeze(0);
        using var geometry = GlimpseWindow.Geometry(p, A, N);

        geometry.Stride.item<float>().Should().BeApproximately((float)golden.Stride, 1e-4f);
        geometry.Scale.item<float>().Should().BeApproximately((float)golden.Scale, 1e-4f);
        float centreX = geometry.CentreX.item<float>();
        float stride = geometry.Stride.item<float>();
        for (int i = 0; i < N; i++)
            (centreX + stride * (i - N / 2.0 + 0.5)).Should().BeApproximately(golden.MeansX[i], 1e-4);
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void Filterbank_rows_match_the_reference_values(GoldenRow golden)
    {
        using var scope = NewDisposeScope();
        var (_, filterX) = GlimpseWindow.Filterbanks(tensor(golden.Parameters).unsqueeze(0), A, N);

        float[] row = filterX[0, 0].data<float>().ToArray();
        for (int a = 0; a < golden.FirstFilterRow.Length; a++)
            row[a].Should().BeApproximately((float)golden.FirstFilterRow[a], 1e-4f, $"F_X[0][{a}]");
        float[] sums = filterX[0].sum(-1).data<float>().ToArray();
        sums.Should().AllSatisfy(s => s.Should().BeApproximately((float)golden.RowSum, 1e-4f));
    }

    [Fact]
    public void The_y_filterbank_uses_the_y_centre()
    {
        using var scope = NewDisposeScope();
        var p = tensor(new[] { 0.5f, -0.3f, 0.6f }).unsqueeze(0);
        var (filterY, _) = GlimpseWindow.Filterbanks(p, A, N);

        // mu_Y = 18.45 .. 28.05: the first row peaks at pixel 18, the last at 28.
        filterY[0, 0].argmax().item<long>().Should().Be(18);
        filterY[0, 3].argmax().item<long>().Should().Be(28);
    }

    [Theory]
    [MemberData(nameof(TestDevices.All), MemberType = typeof(TestDevices))]
    public void A_glimpse_of_a_blank_image_is_zero(string deviceName)
    {
        using var scope = NewDisposeScope();
        var device = TestDevices.Get(deviceName);
        using var random = new Generator(1);
        var glimpse = GlimpseWindow.Extract(zeros(3, A, A, device: device), randn(3, 3, generator: random).to(device), N);

        glimpse.shape.Should().Equal(3, N, N);
        glimpse.abs().max().item<float>().Should().Be(0f);
    }

    [Theory]
    [MemberData(nameof(TestDevices.All), MemberType = typeof(TestDevices))]
    public void A_centred_glimpse_of_an_all_ones_image_is_close_to_one(string deviceName)
    {
        using var scope = NewDisposeScope();
        var device = TestDevices.Get(deviceName);
        var glimpse = GlimpseWindow.Extract(ones(2, 1, A, A, device: device), zeros(2, 3, device: device), N);

        glimpse.shape.Should().Equal(2, 1, N, N);
        // Each entry is (row sum of F_Y) x (row sum of F_X) = 0.999872^2.
        glimpse.sub(1).abs().max().item<float>().Should().BeLessThan(1e-3f);
    }

    [Fact]
    public void Every_channel_of_a_feature_map_is_read_through_the_same_window()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(2);
        var maps = randn(2, 5, 16, 16, generator: random);
        var parameters = randn(2, 3, generator: random) * 0.5;

        var all = GlimpseWindow.Extract(maps, parameters, N);
        var third = GlimpseWindow.Extract(maps[.., 2], parameters, N);

        all.shape.Should().Equal(2, 5, N, N);
        all[.., 2].allclose(third, rtol: 1e-5, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Gradients_match_finite_differences_for_parameters_and_image()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(7);
        var image = rand(2, 12, 12, dtype: float64, generator: random).requires_grad_();
        var parameters = (randn(2, 3, dtype: float64, generator: random) * 0.4).requires_grad_();
        var weights = randn(2, 3, 3, dtype: float64, generator: random);   // a random linear read-out makes every output matter

        Tensor Loss(Tensor i, Tensor p) => (GlimpseWindow.Extract(i, p, 3) * weights).sum();
        Loss(image, parameters).backward();

        AssertGradient(parameters, p => Loss(image, p));
        AssertGradient(image, i => Loss(i, parameters));
    }

    private static void AssertGradient(Tensor input, Func<Tensor, Tensor> loss)
    {
        const double h = 1e-6;
        using var noGrad = no_grad();
        var flat = input.detach().clone().flatten();
        var analytic = input.grad!.flatten();
        for (long i = 0; i < flat.shape[0]; i += Math.Max(1, flat.shape[0] / 24))
        {
            var plus = flat.clone(); plus[i] += h;
            var minus = flat.clone(); minus[i] -= h;
            double numeric = (loss(plus.view(input.shape)).item<double>() - loss(minus.view(input.shape)).item<double>()) / (2 * h);
            analytic[i].item<double>().Should().BeApproximately(numeric, 1e-6 + 1e-4 * Math.Abs(numeric), $"d loss / d element {i}");
        }
    }

    [Fact]
    public void Parameters_of_the_wrong_shape_are_rejected_with_a_message()
    {
        using var image = zeros(2, A, A);
        using var wrong = zeros(2, 2);

        var extract = () => GlimpseWindow.Extract(image, wrong, N);

        extract.Should().Throw<ArgumentException>().WithMessage("*(B, 3)*got (2, 2)*");
    }

    [Fact]
    public void A_glimpse_larger_than_the_image_is_rejected()
    {
        using var image = zeros(1, 8, 8);
        using var parameters = zeros(1, 3);

        var extract = () => GlimpseWindow.Extract(image, parameters, 9);

        extract.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 1 and the image side (8)*");
    }
}
