using FluentAssertions;

namespace ArcNet.Tests;

/// <summary>How an option record must refuse a setting: an <see cref="ArgumentException"/> naming the property, in its message and as its parameter.</summary>
public static class OptionChecks
{
    public static void ShouldRefuse(Action validate, string type, string property, string says) =>
        validate.Should().Throw<ArgumentException>().WithMessage($"{type}.{property} *{says}*").Which.ParamName.Should().Be(property);
}
