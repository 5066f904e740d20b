using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

public class ValidationScoreTests
{
    [Theory]
    [InlineData(0.6931, 0.50, true)]
    [InlineData(0.6890, 0.515, true)]
    [InlineData(0.6850, 0.50, false)]
    [InlineData(0.6931, 0.525, false)]
    [InlineData(0.6931, 0.475, false)]
    [InlineData(0.25, 0.90, false)]
    public void A_score_is_at_chance_when_both_its_loss_and_its_accuracy_are_a_coins(double loss, double accuracy, bool atChance)
    {
        new ValidationScore(Step: 500, loss, accuracy, IsBest: true).AtChance.Should().Be(atChance);
    }
}
