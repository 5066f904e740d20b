using ArcNet.Data;
using ArcNet.OneShot;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

[Collection(GlobalRandomState.Name)]
public sealed class FullContextTrainerTests(OmniglotTestData data, ITestOutputHelper output)
{
    private static readonly PlainArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    private (ImageSubset Train, ImageSubset Validation) Drawers => LearnableArc.Split(data.Union);

    [Fact]
    public void Training_changes_only_the_context_model()
    {
        using var comparator = new ArcComparator(Tiny, seed: 1);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 1);
        var comparatorBefore = comparator.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var contextBefore = context.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 4, MaxSteps = 3, LearningRate = 1e-2, ValidationTrials = 10 };

        using (var trainer = new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, options))
            trainer.Run().Steps.Should().Be(3);

        foreach (var (name, weight) in comparator.Network.state_dict())
            weight.allclose(comparatorBefore[name]).Should().BeTrue($"the comparator is frozen ({name})");
        context.Network.state_dict().Any(p => !p.Value.allclose(contextBefore[p.Key])).Should().BeTrue("the context model learns");
    }

    [Fact]
    public void Validation_trials_are_read_from_the_validation_images_own_collection()
    {
        // The second archive alone, and the same images within the union: the same trials, other indices.
        using var second = ImageDataset.Load(OmniglotTestData.Small2);
        var alone = ImageSplit.ByInstance(second.All).Validation;
        var inUnion = ImageSplit.ByInstance(data.Union.All.Where(i => second.GroupNames.Contains(data.Union.GroupNames[data.Union.GroupOf[i]]))).Validation;
        using var comparator = new ArcComparator(Tiny, seed: 3);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 4, MaxSteps = 1, ValidationTrials = 10 };

        double FirstValidationLoss(ImageSubset validation)
        {
            using var context = new FullContextArc(Tiny.HiddenSize, seed: 3);
            using var trainer = new FullContextTrainer(comparator, context, Drawers.Train, validation, options);
            trainer.Run();
            return trainer.Validations[0].Loss;
        }

        FirstValidationLoss(alone).Should().BeApproximately(FirstValidationLoss(inUnion), 1e-6);
    }

    [Fact]
    public void Images_of_another_size_are_refused_by_name()
    {
        using var large = ImageDataset.Load(OmniglotTestData.Small2, ImagePreprocessing.Omniglot with { ImageSize = 40 });
        using var comparator = new ArcComparator(Tiny, seed: 3);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 3);

        var act = () => new FullContextTrainer(comparator, context, Drawers.Train, large.All, new FullContextTrainingOptions { MaxSteps = 1 });

        act.Should().Throw<ArgumentException>().WithParameterName("validation").WithMessage("*1 x 40 x 40*1 x 32 x 32*");
    }

    [Fact]
    public void On_a_trained_comparator_it_learns_to_pick_the_querys_character()
    {
        using var comparator = LearnableArc.Train(data.Union).Comparator;
        using var context = new FullContextArc(LearnableArc.Model.HiddenSize, seed: 1);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 16, MaxSteps = 200, LearningRate = 3e-3, Seed = 1, ValidationTrials = 40 };
        using var trainer = new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, options);
        var reports = new List<TrainingProgress>();

        trainer.Run(new SynchronousProgress(reports.Add));

        output.WriteLine($"loss {reports[0].Loss:0.000} at step 1, {reports[^1].Loss:0.000} (recent average) at step {reports[^1].Step}");
        // Spreading the choice evenly over the 5 supports scores log 5 = 1.609.
        reports[^1].Loss.Should().BeLessThan(0.8 * Math.Log(options.Ways));
    }

    [Fact]
    public void Progress_reports_the_learning_rate_it_trains_with()
    {
        using var comparator = new ArcComparator(Tiny, seed: 2);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 2);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 4, MaxSteps = 2, LearningRate = 7e-4, ValidationTrials = 10 };
        using var trainer = new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, options);
        var reports = new List<TrainingProgress>();

        trainer.Run(new SynchronousProgress(reports.Add));

        reports.Select(r => r.LearningRate).Should().Equal(7e-4, 7e-4);
    }

    [Fact]
    public void The_loss_is_the_cross_entropy_of_a_ways_way_choice()
    {
        using var comparator = new ArcComparator(Tiny, seed: 2);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 2);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 8, MaxSteps = 1, ValidationTrials = 10 };
        using var trainer = new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, options);
        var reports = new List<TrainingProgress>();

        trainer.Run(new SynchronousProgress(reports.Add));

        // An untrained context model is close to uniform over 5 supports: loss near ln 5.
        reports.Single().Loss.Should().BeApproximately(Math.Log(5), 0.3);
    }

    [Fact]
    public void A_context_model_of_another_size_is_refused()
    {
        using var comparator = new ArcComparator(Tiny);
        using var context = new FullContextArc(Tiny.HiddenSize * 2);

        var build = () => new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, new FullContextTrainingOptions { MaxSteps = 1 });

        build.Should().Throw<ArgumentException>().WithMessage("*32-unit*");
    }

    [Fact]
    public void It_validates_before_the_first_step_every_few_steps_and_after_the_last()
    {
        using var comparator = new ArcComparator(Tiny, seed: 3);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 3);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 4, MaxSteps = 10, ValidateEvery = 4, ValidationTrials = 10 };
        using var trainer = new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, options);

        var result = trainer.Run();

        trainer.Validations.Select(v => v.Step).Should().Equal(0, 4, 8, 10);
        result.BestValidation.Should().BeSameAs(trainer.Validations.Last(v => v.IsBest));
    }

    [Fact]
    public void A_run_ends_with_the_weights_of_its_best_validation_not_its_last()
    {
        using var comparator = LearnableArc.Train(data.Union).Comparator;
        using var context = new FullContextArc(LearnableArc.Model.HiddenSize, seed: 4);
        // A learning rate far too high: the residual form starts as the naive method and training can only spoil it.
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 8, MaxSteps = 12, ValidateEvery = 3, ValidationTrials = 40, LearningRate = 0.3, Seed = 4 };
        using var trainer = new FullContextTrainer(comparator, context, Drawers.Train, Drawers.Validation, options);
        var weightsAt = new Dictionary<int, Dictionary<string, Tensor>> { [0] = Copy(context) };

        var result = trainer.Run(new SynchronousProgress(p =>
        {
            if (p.Validation is { } v && v.Step == p.Step)
                weightsAt[p.Step] = Copy(context);
        }));

        var best = result.BestValidation!;
        output.WriteLine(string.Join("; ", trainer.Validations.Select(v => $"step {v.Step}: loss {v.Loss:0.000}, {v.Accuracy:P0}{(v.IsBest ? " kept" : "")}")));
        best.Step.Should().BeLessThan(result.Steps, "so high a rate spoils the model, or this test checks nothing");
        best.Loss.Should().BeLessThanOrEqualTo(trainer.Validations.Min(v => v.Loss) + best.LossStandardError);
        foreach (var (name, weight) in context.Network.state_dict())
            weight.allclose(weightsAt[best.Step][name], rtol: 0, atol: 0).Should().BeTrue($"{name} is the kept step's");
    }

    [Fact]
    public void Validation_images_that_cannot_give_trials_are_refused_by_name()
    {
        using var comparator = new ArcComparator(Tiny);
        using var context = new FullContextArc(Tiny.HiddenSize);
        var oneCharacterPerAlphabet = Drawers.Validation.Where(i => data.Union.ClassOf[i] % 20 == 0);

        var build = () => new FullContextTrainer(comparator, context, Drawers.Train, oneCharacterPerAlphabet, new FullContextTrainingOptions { MaxSteps = 1 });

        build.Should().Throw<ArgumentException>().WithMessage("'validation' cannot give the trials*").Which.ParamName.Should().Be("validation");
    }

    private static Dictionary<string, Tensor> Copy(FullContextArc context) =>
        context.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
}
