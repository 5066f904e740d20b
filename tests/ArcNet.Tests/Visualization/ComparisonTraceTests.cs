using ArcNet.Attention;
using ArcNet.Modules;
using ArcNet.Visualization;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Visualization;

[Collection(GlobalRandomState.Name)]
public class ComparisonTraceTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 16, GlimpsesPerImage = 3 };

    private static ArcNetwork Arc(ArcComparator comparator) => (ArcNetwork)comparator.Network;

    [Fact]
    public void A_trace_has_two_steps_per_glimpse_alternating_between_the_images()
    {
        using var comparator = new ArcComparator(Small, seed: 1);
        using var random = new Generator(1);
        using var scope = NewDisposeScope();

        var trace = Arc(comparator).Trace(randn(32, 32, generator: random), randn(32, 32, generator: random));

        trace.Steps.Select(s => s.Image).Should().Equal(0, 1, 0, 1, 0, 1);
        trace.Steps.Select(s => s.Index).Should().Equal(0, 1, 2, 3, 4, 5);
        trace.Steps.Should().AllSatisfy(s =>
        {
            (s.Glimpse.Channels, s.Glimpse.Rows, s.Glimpse.Columns).Should().Be((1, 4, 4));
            (s.Attention.Channels, s.Attention.Rows, s.Attention.Columns).Should().Be((1, 32, 32));
        });
        (trace.ImageSize, trace.GlimpseSize).Should().Be((32, 4));
    }

    [Fact]
    public void Similarity_and_images_are_those_of_the_comparison()
    {
        using var comparator = new ArcComparator(Small, seed: 2);
        using var random = new Generator(2);
        using var scope = NewDisposeScope();
        var first = randn(1, 1, 32, 32, generator: random);
        var second = randn(1, 1, 32, 32, generator: random);

        var trace = Arc(comparator).Trace(first, second);

        trace.Similarity.Should().BeApproximately(comparator.Similarity(first, second).item<float>(), 1e-6);
        trace.First.Values.ToArray().Should().Equal(first.data<float>().ToArray());
        trace.Second.Values.ToArray().Should().Equal(second.data<float>().ToArray());
    }

    [Fact]
    public void Each_glimpse_is_what_the_window_reads_at_the_recorded_parameters()
    {
        using var comparator = new ArcComparator(Small, seed: 3);
        using var random = new Generator(3);
        using var scope = NewDisposeScope();
        var images = new[] { randn(1, 32, 32, generator: random), randn(1, 32, 32, generator: random) };

        var trace = Arc(comparator).Trace(images[0], images[1]);

        foreach (var step in trace.Steps)
        {
            var p = step.Parameters;
            var parameters = tensor(new[] { (float)p.Y, (float)p.X, (float)p.Zoom }).reshape(1, 3);
            var expected = GlimpseWindow.Extract(images[step.Image], parameters, 4);
            step.Glimpse.Values.ToArray().Should().Equal(expected.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
        }
    }

    [Fact]
    public void The_attention_mask_is_the_outer_product_of_the_filterbanks_column_sums()
    {
        using var comparator = new ArcComparator(Small, seed: 4);
        using var random = new Generator(4);
        using var scope = NewDisposeScope();

        var step = Arc(comparator).Trace(randn(32, 32, generator: random), randn(32, 32, generator: random)).Steps[3];

        var p = step.Parameters;
        var (filterY, filterX) = GlimpseWindow.Filterbanks(tensor(new[] { (float)p.Y, (float)p.X, (float)p.Zoom }).reshape(1, 3), 32, 4);
        var expected = filterY.sum(1).reshape(32, 1) * filterX.sum(1).reshape(1, 32);
        step.Attention.Values.ToArray().Should().Equal(expected.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        step.Attention[0, 0, 0].Should().Be(step.Attention.Values[0]);
    }

    [Fact]
    public void The_first_glimpse_spans_the_whole_image_in_pixels()
    {
        using var comparator = new ArcComparator(Small, seed: 5);
        using var random = new Generator(5);
        using var scope = NewDisposeScope();

        var first = Arc(comparator).Trace(randn(32, 32, generator: random), randn(32, 32, generator: random)).Steps[0];

        first.Parameters.Should().Be((0.0, 0.0, 0.0));
        (first.Region.CentreY, first.Region.CentreX, first.Region.Stride).Should().Be((15.5, 15.5, 8));
        first.Region.Scale.Should().BeApproximately(Math.E, 1e-6);
        (first.Region.Top, first.Region.Left, first.Region.Bottom, first.Region.Right).Should().Be((-0.5, -0.5, 31.5, 31.5));
    }

    [Fact]
    public void Convarc_windows_are_given_in_image_pixels_over_its_half_resolution_features()
    {
        using var comparator = new ArcComparator(new ConvArcOptions { HiddenSize = 16, GlimpsesPerImage = 1 }, seed: 6);
        using var random = new Generator(6);
        using var scope = NewDisposeScope();

        var trace = Arc(comparator).Trace(randn(32, 32, generator: random), randn(32, 32, generator: random));

        // (0, 0, 0) on 16 x 16 features: centre 7.5, stride 4, scale e; feature cell j covers pixels 2j and 2j + 1.
        var first = trace.Steps[0];
        first.Region.CentreY.Should().BeApproximately(15.5, 1e-9);
        first.Region.Stride.Should().BeApproximately(8, 1e-6);
        first.Region.Scale.Should().BeApproximately(2 * Math.E, 1e-5);
        first.Glimpse.Channels.Should().Be(64);
        (first.Attention.Rows, first.Attention.Columns).Should().Be((32, 32));
    }

    [Fact]
    public void Convarc_lite_windows_are_given_in_image_pixels_over_its_quarter_resolution_reduced_maps()
    {
        using var comparator = new ArcComparator(TinyModels.Lite, seed: 6);
        using var random = new Generator(6);
        using var scope = NewDisposeScope();

        var (a, b) = (randn(1, 1, 32, 32, generator: random), randn(1, 1, 32, 32, generator: random));

        var trace = Arc(comparator).Trace(a, b);

        // (0, 0, 0) on 8 x 8 maps: centre 3.5, stride 2; map cell j covers pixels 4j .. 4j + 3.
        var first = trace.Steps[0];
        first.Region.CentreY.Should().BeApproximately(15.5, 1e-9);
        first.Region.Stride.Should().BeApproximately(8, 1e-6);
        first.Glimpse.Channels.Should().Be(TinyModels.Lite.AttentionChannels);
        trace.Similarity.Should().BeApproximately(comparator.Similarity(a, b).item<float>(), 1e-6, "the trace's similarity mixes in the embedding as the comparator's does");
    }

    [Fact]
    public void One_image_may_come_with_or_without_batch_and_channel_axes()
    {
        using var comparator = new ArcComparator(Small, seed: 7);
        using var random = new Generator(7);
        using var scope = NewDisposeScope();
        var a = randn(32, 32, generator: random);
        var b = randn(32, 32, generator: random);

        double[] similarities =
        [
            Arc(comparator).Trace(a, b).Similarity,
            Arc(comparator).Trace(a.unsqueeze(0), b.unsqueeze(0)).Similarity,
            Arc(comparator).Trace(a.reshape(1, 1, 32, 32), b.reshape(1, 1, 32, 32)).Similarity,
        ];

        similarities.Should().AllSatisfy(s => s.Should().Be(similarities[0]));
    }

    [Fact]
    public void More_than_one_pair_or_a_wrong_size_is_refused_with_a_clear_message()
    {
        using var comparator = new ArcComparator(Small);
        using var scope = NewDisposeScope();

        comparator.Invoking(c => Arc(c).Trace(zeros(2, 32, 32), zeros(2, 32, 32)))
            .Should().Throw<ArgumentException>().WithMessage("*holds 2 images; a trace follows one pair*").Which.ParamName.Should().Be("first");
        comparator.Invoking(c => Arc(c).Trace(zeros(32, 32), zeros(28, 28)))
            .Should().Throw<ArgumentException>().WithMessage("*28 x 28*").Which.ParamName.Should().Be("second");
    }

    [Fact]
    public void Tracing_keeps_the_training_mode_and_leaves_no_live_tensors_behind()
    {
        using var comparator = new ArcComparator(Small);
        using var random = new Generator(8);
        using var a = randn(32, 32, generator: random);
        using var b = randn(32, 32, generator: random);
        Arc(comparator).Trace(a, b);   // warm-up: lazily created state
        comparator.Network.train();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Arc(comparator).Trace(a, b);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        comparator.Network.training.Should().BeTrue();
    }
}
