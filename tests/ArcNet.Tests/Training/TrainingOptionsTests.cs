using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

public class TrainingOptionsTests
{
    private static readonly TrainingOptions Valid = new() { MaxSteps = 1 };

    /// <summary>Settings out of range, the property the error must name, and a fragment of what its message must say.</summary>
    private static readonly Dictionary<string, (TrainingOptions Options, string Property, string Says)> OutOfRange = new()
    {
        ["GradientClipNorm 0"] = (Valid with { GradientClipNorm = 0 }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got 0"),
        ["GradientClipNorm -1"] = (Valid with { GradientClipNorm = -1 }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got -1"),
        ["GradientClipNorm NaN"] = (Valid with { GradientClipNorm = double.NaN }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got NaN"),
        ["GradientClipNorm infinite"] = (Valid with { GradientClipNorm = double.PositiveInfinity }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got Infinity"),
        ["Schedule 7"] = (Valid with { Schedule = (LearningRateSchedule)7 }, nameof(TrainingOptions.Schedule), "not a known schedule: 7"),
        ["EpisodeGroups 0"] = (Valid with { EpisodeGroups = 0 }, nameof(TrainingOptions.EpisodeGroups), "at least 1; got 0"),
        ["EpisodeGroupSize 1"] = (Valid with { EpisodeGroupSize = 1 }, nameof(TrainingOptions.EpisodeGroupSize), "at least 2 (a group needs a character to tell apart); got 1"),
        ["QueriesPerCharacter 0"] = (Valid with { QueriesPerCharacter = 0 }, nameof(TrainingOptions.QueriesPerCharacter), "between 1 and 19; got 0"),
        ["QueriesPerCharacter 20"] = (Valid with { QueriesPerCharacter = 20 }, nameof(TrainingOptions.QueriesPerCharacter), "between 1 and 19; got 20"),
        ["TrunkPretraining -0.1"] = (Valid with { TrunkPretraining = -0.1 }, nameof(TrainingOptions.TrunkPretraining), "share of the budget in [0, 1]; got -0.1"),
        ["TrunkPretraining 1.5"] = (Valid with { TrunkPretraining = 1.5 }, nameof(TrainingOptions.TrunkPretraining), "share of the budget in [0, 1]; got 1.5"),
        ["FrozenTrunkTraining NaN"] = (Valid with { FrozenTrunkTraining = double.NaN }, nameof(TrainingOptions.FrozenTrunkTraining), "share of the budget in [0, 1]; got NaN"),
        ["shares over the budget"] = (Valid with { TrunkPretraining = 0.6, FrozenTrunkTraining = 0.5 }, nameof(TrainingOptions.FrozenTrunkTraining), "and TrunkPretraining must add up to at most 1; got 0.6 + 0.5"),
        ["CachedViews 0"] = (Valid with { CachedViews = 0 }, nameof(TrainingOptions.CachedViews), "between 1 and 64; got 0"),
        ["CachedViews 65"] = (Valid with { CachedViews = 65 }, nameof(TrainingOptions.CachedViews), "between 1 and 64; got 65"),
    };

    public static TheoryData<string> OutOfRangeCases => new(OutOfRange.Keys);

    [Theory]
    [MemberData(nameof(OutOfRangeCases))]
    public void An_out_of_range_setting_is_refused_naming_it_and_its_range(string name)
    {
        var (options, property, says) = OutOfRange[name];

        OptionChecks.ShouldRefuse(() => options.Validate(), nameof(TrainingOptions), property, says);
    }

    [Fact]
    public void Shares_that_fill_the_budget_exactly_are_accepted()
    {
        var validate = () => (Valid with { TrunkPretraining = 0.5, FrozenTrunkTraining = 0.5 }).Validate();

        validate.Should().NotThrow();
    }
}
