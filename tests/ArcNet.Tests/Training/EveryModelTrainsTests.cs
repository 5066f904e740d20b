using ArcNet.Data;
using ArcNet.Omniglot;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

/// <summary>
/// Every model kind, and every recipe of the sample at its full size and with its own training, trains with
/// <see cref="ArcTrainer"/>, saves, and loads again as the same model.
/// </summary>
[Collection(GlobalRandomState.Name)]
public sealed class EveryModelTrainsTests(OmniglotTestData data)
{
    public static TheoryData<string> Models => new(TinyModels.All.Keys.Append("ConvARC-lite, controller alone"));

    public static TheoryData<string> Recipes => new(Recipe.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_model_kind_trains_three_steps_then_saves_and_loads_as_itself(string model)
    {
        // A controller share of 1 is ConvARC-lite without the embedding's evidence, which before each model had its own
        // options could be asked for and failed at its first training step.
        var options = model == "ConvARC-lite, controller alone" ? TinyModels.Lite with { ControllerShare = 1 } : TinyModels.All[model];

        TrainSaveAndLoad(options, new TrainingOptions { BatchSize = 8, EpisodeGroups = 2, EpisodeGroupSize = 4 });
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Each_recipe_trains_three_steps_then_saves_and_loads_as_itself(string name)
    {
        var recipe = Recipe.Named(name);

        TrainSaveAndLoad(recipe.Model, recipe.Training with { BatchSize = 8 });
    }

    private void TrainSaveAndLoad(ComparatorOptions model, TrainingOptions training)
    {
        var (train, validation) = ImageSplit.ByInstance(data.Union.All.Where(i => data.Union.GroupOf[i] < 2));
        string path = Path.Combine(OmniglotTestData.TempFolder(), "model.arc");
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(model, seed: 1);
        var before = comparator.Network.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());

        using (var trainer = new ArcTrainer(comparator, train, validation, training with { MaxSteps = 3, ValidateEvery = 3, ValidationBatches = 1, Seed = 1 }))
            trainer.Run().Steps.Should().Be(3);
        comparator.Save(path);
        using var loaded = ArcComparator.Load(path);

        comparator.Network.named_parameters().Should().Contain(p => !p.parameter.allclose(before[p.name]), "training moved the weights");
        loaded.Options.Should().Be(comparator.Options);
        var images = data.Union.Images([0, 1, 20, 21], meanPixel: comparator.PixelMean);
        loaded.Similarity(images[..2], images[2..]).data<float>().ToArray().Should().Equal(comparator.Similarity(images[..2], images[2..]).data<float>().ToArray());
    }
}
