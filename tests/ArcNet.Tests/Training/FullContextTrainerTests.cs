using ArcNet.OneShot;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

[Collection(GlobalRandomState.Name)]
public sealed class FullContextTrainerTests(OmniglotTestData data)
{
    private static readonly ArcOptions Tiny = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

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
    public void The_loss_is_the_cross_entropy_of_a_ways_way_choice()
    {
        using var comparator = new ArcComparator(Tiny, seed: 2);
        using var context = new FullContextArc(Tiny.HiddenSize, seed: 2);
        var options = new FullContextTrainingOptions { Ways = 5, TrialsPerBatch = 8, MaxSteps = 1 };
        using var trainer = new FullContextTrainer(comparator, context, data.Union.All, options);
        var reports = new List<TrainingProgress>();

        trainer.Run(new Collect(reports));

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

    private sealed class Collect(List<TrainingProgress> into) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => into.Add(value);
    }
}
