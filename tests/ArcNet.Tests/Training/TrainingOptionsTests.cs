using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

public class TrainingOptionsTests
{
    private static readonly TrainingOptions Valid = new() { MaxSteps = 1 };

    [Fact]
    public void Shares_that_fill_the_budget_exactly_are_accepted()
    {
        var validate = () => (Valid with { TrunkPretraining = 0.5, FrozenTrunkTraining = 0.5 }).Validate();

        validate.Should().NotThrow();
    }
}
