using ArcNet.Data;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

[Collection(GlobalRandomState.Name)]
public sealed class ArcTrainerTests(OmniglotTestData data)
{
    private static readonly ArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    private static readonly TrainingOptions Quick = new()
    {
        BatchSize = 8, MaxSteps = 4, ValidateEvery = 2, CheckpointEvery = 2, ValidationBatches = 2, LearningRate = 1e-3,
    };

    private (OmniglotSubset Train, OmniglotSubset Validation) Split() => OmniglotSplit.ByDrawer(data.Union.All);

    private static string Checkpoint() => Path.Combine(Directory.CreateTempSubdirectory("arcnet-trainer").FullName, "model.checkpoint");

    [Fact]
    public void A_resumed_run_continues_from_the_checkpoints_step_and_weights()
    {
        var (train, validation) = Split();
        string checkpoint = Checkpoint();
        using var first = new ArcComparator(Tiny, seed: 1);
        using (var trainer = new ArcTrainer(first, train, validation, Quick, checkpoint))
            trainer.Run().Steps.Should().Be(4);

        using var second = new ArcComparator(Tiny, seed: 2);
        using var resumed = new ArcTrainer(second, train, validation, Quick with { MaxSteps = 6 }, checkpoint);
        resumed.TryResume().Should().BeTrue();

        resumed.Step.Should().Be(4);
        second.PixelMean.Should().Be(first.PixelMean);
        resumed.Run().Steps.Should().Be(6, "the step limit counts the steps before the resume");
    }

    [Fact]
    public void Training_leaves_the_best_validated_weights_and_reports_them()
    {
        var (train, validation) = Split();
        using var comparator = new ArcComparator(Tiny, seed: 3);
        using var trainer = new ArcTrainer(comparator, train, validation, Quick);
        var reports = new List<TrainingProgress>();

        var result = trainer.Run(new Collect(reports));

        reports.Select(r => r.Step).Should().Equal(1, 2, 3, 4);
        reports.Should().AllSatisfy(r => double.IsFinite(r.Loss).Should().BeTrue());
        result.BestValidation.Should().NotBeNull();
        result.BestValidation!.Loss.Should().Be(new[] { reports[1].Validation!, reports[3].Validation! }.Min(v => v.Loss));
        comparator.PixelMean.Should().BeApproximately(data.Union.MeanPixel, 1e-12);
    }

    [Fact]
    public void Resuming_without_a_checkpoint_starts_fresh()
    {
        var (train, validation) = Split();
        using var comparator = new ArcComparator(Tiny);
        using var trainer = new ArcTrainer(comparator, train, validation, Quick, Checkpoint());

        trainer.TryResume().Should().BeFalse();
        trainer.Step.Should().Be(0);
    }

    [Fact]
    public void A_checkpoint_of_another_model_is_refused_naming_the_difference()
    {
        var (train, validation) = Split();
        string checkpoint = Checkpoint();
        using (var comparator = new ArcComparator(Tiny))
        using (var trainer = new ArcTrainer(comparator, train, validation, Quick with { MaxSteps = 2 }, checkpoint))
            trainer.Run();

        using var other = new ArcComparator(Tiny with { HiddenSize = 24 });
        using var resumed = new ArcTrainer(other, train, validation, Quick, checkpoint);
        var resume = () => resumed.TryResume();

        resume.Should().Throw<InvalidDataException>().WithMessage("*HiddenSize*");
    }

    [Fact]
    public void Options_without_any_limit_are_refused()
    {
        var validate = () => (Quick with { MaxSteps = null, TimeBudget = null }).Validate();

        validate.Should().Throw<ArgumentException>().WithMessage("*never stop*");
    }

    private sealed class Collect(List<TrainingProgress> into) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => into.Add(value);
    }
}
