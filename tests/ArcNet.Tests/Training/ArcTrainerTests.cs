using ArcNet.Data;
using ArcNet.Modules;
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
    private static readonly PlainArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    private static readonly TrainingOptions Quick = new()
    {
        BatchSize = 8, MaxSteps = 4, ValidateEvery = 2, CheckpointEvery = 2, ValidationBatches = 2, LearningRate = 1e-3,
    };

    /// <summary>
    /// With this seed and a high learning rate the validation loss rises a little from step 2 to 4, within one standard
    /// error (a tie, which the later weights win), and more at step 6: the kept weights are step 4's, neither the
    /// lowest-loss ones nor the last, so keeping the right ones, and resuming both, can be told apart.
    /// </summary>
    private static readonly TrainingOptions Bumpy = Quick with { MaxSteps = 6, LearningRate = 3e-2, AugmentationStrength = 0, Seed = 1 };

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
    public void A_trainer_made_inside_a_dispose_scope_runs_after_the_scope_is_gone()
    {
        var (train, validation) = Split();
        using var comparator = new ArcComparator(Tiny, seed: 1);
        ArcTrainer trainer;
        using (NewDisposeScope())
            trainer = new ArcTrainer(comparator, train, validation, Quick);

        using (trainer)
            trainer.Run().BestValidation!.Loss.Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_saved_model_has_the_last_weights_whose_validation_ties_the_lowest_not_the_lowest_nor_the_last()
    {
        var (train, validation) = Split();
        using var comparator = new ArcComparator(Tiny, seed: 1);
        using var trainer = new ArcTrainer(comparator, train, validation, Bumpy);
        var reports = new List<TrainingProgress>();

        var result = trainer.Run(new SynchronousProgress(reports.Add));

        reports.Select(r => r.Step).Should().Equal(1, 2, 3, 4, 5, 6);
        var validations = reports.Where(r => r.Validation?.Step == r.Step).Select(r => r.Validation!).ToList();
        var (lowest, tie, worse) = (validations[0], validations[1], validations[2]);
        tie.Loss.Should().BeGreaterThan(lowest.Loss).And.BeLessThanOrEqualTo(lowest.Loss + tie.LossStandardError, "step 4 must tie step 2 for this test");
        worse.Loss.Should().BeGreaterThan(lowest.Loss + worse.LossStandardError, "step 6 must be worse than step 2 for this test");
        result.BestValidation.Should().Be(tie);
        string path = Path.ChangeExtension(Checkpoint(), ".arc");
        comparator.Save(path);
        using var saved = ArcComparator.Load(path);
        trainer.Score(saved.Network).Loss.Should().Be(tie.Loss);
        saved.PixelMean.Should().BeApproximately(data.Union.MeanPixel, 1e-12);
    }

    [Fact]
    public void A_resumed_trainer_holds_the_weights_best_weights_lowest_loss_and_adam_moments_of_the_run_it_continues()
    {
        using var scope = NewDisposeScope();
        var (train, validation) = Split();
        string checkpoint = Checkpoint();
        Dictionary<string, Tensor> written = [];
        double? lowest;
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
            lowest = writer.LowestValidationLoss;
            lowest.Should().BeLessThan(result.BestValidation.Loss, "the best must tie the lowest, not be it, for this test to tell them apart");
        }

        using var second = new ArcComparator(Tiny, seed: 2);
        using var resumed = new ArcTrainer(second, train, validation, Bumpy with { MaxSteps = 8 }, checkpoint);
        resumed.TryResume().Should().BeTrue();

        resumed.Step.Should().Be(Bumpy.MaxSteps);
        resumed.LowestValidationLoss.Should().Be(lowest);
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
        foreach (var (name, weight) in trainer.KeptWeights.state_dict())
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

    [Fact]
    public void Each_step_runs_at_the_scheduled_rate_for_the_share_of_the_step_budget_done_before_it()
    {
        var (train, validation) = Split();
        var options = Quick with { MaxSteps = 10, ValidateEvery = 10, CheckpointEvery = 10, Schedule = LearningRateSchedule.WarmupCosine };
        using var comparator = new ArcComparator(Tiny, seed: 1);
        using var trainer = new ArcTrainer(comparator, train, validation, options);
        var rates = new List<double>();

        trainer.Run(new SynchronousProgress(p => rates.Add(p.LearningRate)));

        // As documented: from a tenth of the rate, up over the first 3 % of the budget, then a cosine down to 2 % at its end.
        double Decayed(double progress) => options.LearningRate * (0.02 + 0.98 * (1 + Math.Cos(Math.PI * (progress - 0.03) / 0.97)) / 2);
        rates.Should().HaveCount(10);
        rates[0].Should().BeApproximately(0.1 * options.LearningRate, 1e-15, "the first step starts the warm-up");
        rates[5].Should().BeApproximately(Decayed(0.5), 1e-15, "the sixth of ten steps starts half-way through the budget");
        rates[9].Should().BeApproximately(Decayed(0.9), 1e-15, "the last step starts with nine tenths of the budget done");
        trainer.Optimizer.ParamGroups.Should().OnlyContain(group => group.LearningRate == rates[9], "Adam must step at the rate reported");
    }

    [Fact]
    public void A_step_with_a_finite_loss_but_gradients_that_are_not_stops_the_run_saying_so_and_leaves_the_weights()
    {
        var (train, validation) = Split();
        using var comparator = new ArcComparator(Tiny, seed: 1);
        // The head's logits gain sqrt(|x - x|): zero going forward, so the loss stays finite; NaN coming back (inf x sign(0)).
        var head = (VerificationHead)comparator.Network.named_children().Single(child => child.name == "head").module;
        head.register_forward_hook((module, input, logits) => logits + (logits - logits.detach()).abs().sqrt());
        var before = comparator.Network.parameters().Select(p => p.detach().clone()).ToArray();
        using var trainer = new ArcTrainer(comparator, train, validation, Quick with { MaxSteps = 1 });

        trainer.Invoking(t => t.Run()).Should().Throw<InvalidOperationException>()
            .WithMessage("Training diverged at step 1: the loss was finite (*) but its gradients were not.*Lower the learning rate*");
        comparator.Network.parameters().Zip(before).Should().OnlyContain(pair => pair.First.equal(pair.Second).all().item<bool>(), "a step with non-finite gradients is not taken");
    }

    [Fact]
    public void Clipping_bounds_the_gradient_norm_of_a_step_that_would_exceed_it()
    {
        const double clip = 1e-3;
        var (train, validation) = Split();
        double GradientNormAfterOneStep(double? clipNorm)
        {
            using var scope = NewDisposeScope();
            using var comparator = new ArcComparator(Tiny, seed: 1);
            using var trainer = new ArcTrainer(comparator, train, validation, Quick with { MaxSteps = 1, GradientClipNorm = clipNorm });
            trainer.Run();
            // Run leaves the last step's gradients on the parameters.
            var squares = comparator.Network.parameters().Where(p => p.grad is not null).Select(p => p.grad!.square().sum());
            return stack(squares.ToArray()).sum().sqrt().item<float>();
        }

        GradientNormAfterOneStep(null).Should().BeGreaterThan(10 * clip, "an unclipped step must exceed the clip for this test to tell");
        GradientNormAfterOneStep(clip).Should().BeLessThanOrEqualTo(clip * (1 + 1e-5));
    }
}
