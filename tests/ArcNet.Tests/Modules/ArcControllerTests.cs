using ArcNet.Modules;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

public class ArcControllerTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 32, GlimpsesPerImage = 3 };

    [Fact]
    public void Step_t_reads_the_first_image_when_t_is_even_and_the_second_when_odd()
    {
        using var scope = NewDisposeScope();
        using var controller = new ArcController(Small, attendedChannels: 1);
        var blank = zeros(2, 1, 32, 32);
        var inked = ones(2, 1, 32, 32);
        var record = new List<ControllerStep>();

        controller.Run(blank, inked, record);

        record.Should().HaveCount(6);
        record.Select(s => s.Image).Should().Equal(0, 1, 0, 1, 0, 1);
        foreach (var step in record)
        {
            float seen = step.Glimpse.abs().max().item<float>();
            if (step.Image == 0)
                seen.Should().Be(0f, "the first image is blank");
            else
                seen.Should().BeGreaterThan(0.1f, "the second image is inked everywhere");
        }
    }

    [Fact]
    public void The_first_glimpse_of_the_first_image_is_the_whole_image_thumbnail()
    {
        using var scope = NewDisposeScope();
        using var controller = new ArcController(Small, attendedChannels: 1);
        using var random = new Generator(1);
        var record = new List<ControllerStep>();

        controller.Run(randn(3, 1, 32, 32, generator: random), randn(3, 1, 32, 32, generator: random), record);

        // h0 = 0 and the authors' map has no bias, so step 0 looks with (0, 0, 0).
        record[0].Parameters.abs().max().item<float>().Should().Be(0f);
        record[0].Glimpse.shape.Should().Equal(3, 1, 4, 4);
        record[0].Hidden.shape.Should().Equal(3, 32);
    }

    [Fact]
    public void The_returned_state_is_the_last_recorded_hidden_state()
    {
        using var scope = NewDisposeScope();
        using var controller = new ArcController(Small, attendedChannels: 1);
        using var random = new Generator(2);
        var record = new List<ControllerStep>();

        var last = controller.Run(randn(2, 1, 32, 32, generator: random), randn(2, 1, 32, 32, generator: random), record);

        last.allclose(record[^1].Hidden).Should().BeTrue();
    }

    [Fact]
    public void The_lstm_forget_gate_starts_at_the_reference_bias()
    {
        using var cell = new ArcLstmCell(16, 8);
        var bias = cell.state_dict()["bias"].data<float>().ToArray();

        bias[..16].Should().AllBeEquivalentTo(0f, "candidate and input gates");
        bias[16..24].Should().AllBeEquivalentTo(0.2f, "the forget gate");
        bias[24..].Should().AllBeEquivalentTo(0f, "the output gate");
    }

    [Fact]
    public void The_lstm_blocks_start_orthogonal()
    {
        using var scope = NewDisposeScope();
        using var cell = new ArcLstmCell(16, 8);
        var weight = cell.state_dict()["weight"];   // (16 + 8, 32)

        for (int gate = 0; gate < 4; gate++)
        {
            var recurrent = weight[16.., (gate * 8)..((gate + 1) * 8)];   // (8, 8)
            recurrent.t().matmul(recurrent).allclose(eye(8), atol: 1e-5).Should().BeTrue($"gate {gate}'s recurrent block");
            var input = weight[..16, (gate * 8)..((gate + 1) * 8)];      // (16, 8): orthonormal columns
            input.t().matmul(input).allclose(eye(8), atol: 1e-5).Should().BeTrue($"gate {gate}'s input block");
        }
    }
}
