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

    [Theory]
    [InlineData(5, 0.2, 3)]     // a fifth of 5 is 1, but validation needs two images of a class for a same-class pair
    [InlineData(10, 0.3, 7)]
    [InlineData(3, 0.2, 3)]     // too few to give both parts a pair: all train
    public void Each_class_keeps_its_first_instances_for_training_and_at_least_two_for_validation(int instances, double share, int training)
    {
        var fewer = _union.All.Where(i => _union.InstanceOf[i] <= instances);

        var (train, validation) = ImageSplit.ByInstance(fewer, share);

        train.Indices.Select(i => _union.InstanceOf[i]).Distinct().Order().Should().Equal(Enumerable.Range(1, training));
        validation.Count.Should().Be(242 * (instances - training));
    }

    [Fact]
    public void A_share_outside_0_to_1_is_refused()
    {
        var split = () => ImageSplit.ByInstance(_union.All, 1.0);

        split.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*strictly between 0 and 1*");
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

    [Fact]
    public void Holding_out_a_group_of_images_without_groups_says_there_are_none()
    {
        string root = OmniglotTestData.TempFolder();
        foreach (var (name, i) in OmniglotTestData.PngNames.Take(4).Select((n, i) => (n, i)))
        {
            Directory.CreateDirectory(Path.Combine(root, $"class{i % 2}"));
            File.WriteAllBytes(Path.Combine(root, $"class{i % 2}", $"{i}.png"), OmniglotTestData.Png(name));
        }
        using var flat = ImageDataset.Load(root);

        var split = () => ImageSplit.ByGroup(flat.All, ["class0"]);

        split.Should().Throw<ArgumentException>().WithMessage("The images have no groups*put the classes in group folders*");
        Directory.Delete(root, recursive: true);
    }
}
