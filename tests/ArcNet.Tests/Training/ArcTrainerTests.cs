using ArcNet.Data;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

[Collection(GlobalRandomState.Name)]
public sealed class ArcTrainerTests(OmniglotTestData data, ITestOutputHelper output)
{
    private static readonly ArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    private static readonly TrainingOptions Quick = new()
    {
        BatchSize = 8, MaxSteps = 4, ValidateEvery = 2, CheckpointEvery = 2, ValidationBatches = 2, LearningRate = 1e-3,
    };

    /// <summary>
    /// With this seed and a high learning rate, the validation loss rises after the first validation at step 2, so the
    /// best weights are not the last ones: keeping the right ones, and resuming both, can then be told apart.
    /// </summary>
    private static readonly TrainingOptions Bumpy = Quick with { MaxSteps = 6, LearningRate = 1e-2, AugmentationStrength = 0, Seed = 1 };

    private (ImageSubset Train, ImageSubset Validation) Split() =>
        ImageSplit.ByInstance(data.Union.All.Where(i => data.Union.GroupOf[i] < 2));

    private static string Checkpoint() => Path.Combine(Directory.CreateTempSubdirectory("arcnet-trainer").FullName, "model.checkpoint");

    [Fact]
    public void A_small_arc_learns_to_tell_same_from_different_characters()
    {
        var (comparator, result) = LearnableArc.Train(data.Union);
        comparator.Dispose();
        output.WriteLine($"best validation loss {result.BestValidation!.Loss:0.000} at step {result.BestValidation.Step}, {result.Elapsed.TotalSeconds:0.0} s");

        // Answering 0.5 for every pair scores log 2 = 0.693.
        result.BestValidation.Loss.Should().BeLessThan(0.8 * Math.Log(2));
    }

    [Fact]
    public void The_saved_model_has_the_best_validated_weights_not_the_last()
    {
        var (train, validation) = Split();
        using var comparator = new ArcComparator(Tiny, seed: 1);
        using var trainer = new ArcTrainer(comparator, train, validation, Bumpy);
        var reports = new List<TrainingProgress>();

        var result = trainer.Run(new SynchronousProgress(reports.Add));

        reports.Select(r => r.Step).Should().Equal(1, 2, 3, 4, 5, 6);
        var validations = reports.Where(r => r.Validation?.Step == r.Step).Select(r => r.Validation!).ToList();
        result.BestValidation.Should().Be(validations.MinBy(v => v.Loss));
        result.BestValidation!.Step.Should().BeLessThan(result.Steps, "the run must end on weights worse than its best for this test to tell them apart");
        string path = Path.ChangeExtension(Checkpoint(), ".arc");
        comparator.Save(path);
        using var saved = ArcComparator.Load(path);
        trainer.Score(saved.Network).Loss.Should().Be(result.BestValidation.Loss);
        saved.PixelMean.Should().BeApproximately(data.Union.MeanPixel, 1e-12);
    }

    [Fact]
    public void A_resumed_trainer_holds_the_weights_best_weights_and_adam_moments_of_the_run_it_continues()
    {
        using var scope = NewDisposeScope();
        var (train, validation) = Split();
        string checkpoint = Checkpoint();
        Dictionary<string, Tensor> written = [];
        using (var first = new ArcComparator(Tiny, seed: 1))
        using (var writer = new ArcTrainer(first, train, validation, Bumpy, checkpoint))
        {
            // The last report follows the last checkpoint and precedes Run copying the best weights into the comparator.
            var result = writer.Run(new SynchronousProgress(p =>
            {
                if (p.Step == Bumpy.MaxSteps)
                    written = CheckpointedState(writer, first);
            }));
            result.BestValidation!.Step.Should().BeLessThan(result.Steps, "the best weights must differ from the current ones for this test to tell them apart");
        }

        using var second = new ArcComparator(Tiny, seed: 2);
        using var resumed = new ArcTrainer(second, train, validation, Bumpy with { MaxSteps = 8 }, checkpoint);
        resumed.TryResume().Should().BeTrue();

        resumed.Step.Should().Be(Bumpy.MaxSteps);
        var restored = CheckpointedState(resumed, second);
        restored.Keys.Should().Equal(written.Keys);
        foreach (var (key, value) in written)
            restored[key].allclose(value, rtol: 0, atol: 0).Should().BeTrue(key);
        resumed.Run().Steps.Should().Be(8, "the step limit counts the steps before the resume");
    }

    /// <summary>Copies of what a checkpoint holds: the current weights, the best weights, and Adam's step count and moments per parameter.</summary>
    private static Dictionary<string, Tensor> CheckpointedState(ArcTrainer trainer, ArcComparator comparator)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, weight) in comparator.Network.state_dict())
            state[$"weights {name}"] = weight.clone();
        foreach (var (name, weight) in trainer.BestWeights.state_dict())
            state[$"best {name}"] = weight.clone();
        var moments = trainer.Optimizer.state_dict().State.Cast<Adam.State>().ToList();
        for (int i = 0; i < moments.Count; i++)
        {
            state[$"adam {i} step"] = tensor(moments[i].step);
            state[$"adam {i} exp_avg"] = moments[i].exp_avg.clone();
            state[$"adam {i} exp_avg_sq"] = moments[i].exp_avg_sq.clone();
        }
        return state;
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
}
