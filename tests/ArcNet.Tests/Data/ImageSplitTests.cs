using ArcNet.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public class ImageSplitTests(OmniglotTestData data)
{
    private readonly ImageDataset _union = data.Union;

    [Fact]
    public void Drawers_1_to_16_train_and_17_to_20_validate_on_every_character()
    {
        var (train, validation) = ImageSplit.ByInstance(_union.All);

        train.Count.Should().Be(242 * 16);
        validation.Count.Should().Be(242 * 4);
        train.Indices.Select(i => _union.InstanceOf[i]).Should().OnlyContain(d => d >= 1 && d <= 16);
        validation.Indices.Select(i => _union.InstanceOf[i]).Should().OnlyContain(d => d >= 17 && d <= 20);
        train.Classes.Should().HaveCount(242);
        validation.Classes.Should().HaveCount(242);
    }

    [Fact]
    public void Named_alphabets_are_held_out_entirely()
    {
        var (train, heldOut) = ImageSplit.ByGroup(_union.All, ["Tagalog", "Greek"]);

        heldOut.Groups.Select(a => _union.GroupNames[a]).Should().Equal("Greek", "Tagalog");
        heldOut.Count.Should().Be((24 + 17) * 20);
        train.Count.Should().Be(4840 - heldOut.Count);
        train.Indices.Intersect(heldOut.Indices).Should().BeEmpty();
    }

    [Fact]
    public void The_last_alphabets_in_name_order_can_be_held_out()
    {
        var (train, heldOut) = ImageSplit.ByGroup(_union.All, 2);

        heldOut.Groups.Select(a => _union.GroupNames[a]).Should().Equal("Sanskrit", "Tagalog");
        train.Groups.Should().HaveCount(6);
    }

    [Fact]
    public void Splits_compose_on_views()
    {
        var (train, _) = ImageSplit.ByGroup(_union.All, 2);
        var (trainDrawers, validation) = ImageSplit.ByInstance(train);

        validation.Groups.Should().HaveCount(6);
        (trainDrawers.Count + validation.Count).Should().Be(train.Count);
    }

    [Fact]
    public void An_unknown_alphabet_is_named()
    {
        var split = () => ImageSplit.ByGroup(_union.All, ["Klingon"]);

        split.Should().Throw<ArgumentException>().WithMessage("*Klingon*");
    }
}
