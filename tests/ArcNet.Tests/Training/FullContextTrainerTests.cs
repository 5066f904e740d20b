using ArcNet.OneShot;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace ArcNet.Tests.Training;

[Collection(GlobalRandomState.Name)]
public sealed class FullContextTrainerTests(OmniglotTestData data, ITestOutputHelper output)
{
    private static readonly PlainArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    [Fact]
    public void Training_changes_only_the_context_model()
    {
        using var comparator = new ArcComparator(Tiny, seed: 1);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 1);
        var comparatorBefore = comparator.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var contextBefore = context.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 4, MaxSteps = 3, LearningRate = 1e-2 };

        using (var trainer = new FullContextTrainer(comparator, context, data.Union.All, options))
            trainer.Run().Steps.Should().Be(3);

        foreach (var (name, weight) in comparator.Network.state_dict())
            weight.allclose(comparatorBefore[name]).Should().BeTrue($"the comparator is frozen ({name})");
        context.Network.state_dict().Any(p => !p.Value.allclose(contextBefore[p.Key])).Should().BeTrue("the context model learns");
    }

    [Fact]
    public void On_a_trained_comparator_it_learns_to_pick_the_querys_character()
    {
        using var comparator = LearnableArc.Train(data.Union).Comparator;
        using var context = new FullContextArc(LearnableArc.Model.HiddenSize, seed: 1);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 16, MaxSteps = 200, LearningRate = 3e-3, Seed = 1 };
        using var trainer = new FullContextTrainer(comparator, context, LearnableArc.Split(data.Union).Train, options);
        var reports = new List<TrainingProgress>();

        trainer.Run(new SynchronousProgress(reports.Add));

        output.WriteLine($"loss {reports[0].Loss:0.000} at step 1, {reports[^1].Loss:0.000} (recent average) at step {reports[^1].Step}");
        // Spreading the choice evenly over the 5 supports scores log 5 = 1.609.
        reports[^1].Loss.Should().BeLessThan(0.8 * Math.Log(options.Ways));
    }

    [Fact]
    public void The_loss_is_the_cross_entropy_of_a_ways_way_choice()
    {
        using var comparator = new ArcComparator(Tiny, seed: 2);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 2);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 8, MaxSteps = 1 };
        using var trainer = new FullContextTrainer(comparator, context, data.Union.All, options);
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

        var build = () => new FullContextTrainer(comparator, context, data.Union.All, new FullContextTrainingOptions { MaxSteps = 1 });

        build.Should().Throw<ArgumentException>().WithMessage("*32-unit*");
    }
}
