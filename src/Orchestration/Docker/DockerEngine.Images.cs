using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

public sealed partial class DockerEngine
{
    /// <summary>The image id of a tag, or null when the engine does not have it.</summary>
    public async Task<string?> ImageIdAsync(string tag, CancellationToken cancellation = default)
    {
        try
        {
            return (await _client.Images.InspectImageAsync(tag, cancellation)).ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Imports a root filesystem tar as an image (the API's image create with fromSrc).</summary>
    public async Task ImportAsync(Stream rootfsTar, string repository, string tag, IEnumerable<string> changes, Action<string> progress,
        CancellationToken cancellation)
    {
        var parameters = new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag, Changes = changes.ToList() };
        await _long.Images.CreateImageAsync(parameters, rootfsTar, new AuthConfig(), new Progress<JSONMessage>(m => Report(m, progress)), cancellation);
    }

    /// <summary>Builds an image from a tar build context holding a Dockerfile.</summary>
    public async Task BuildAsync(Stream context, IReadOnlyList<string> tags, IDictionary<string, string> labels, Action<string> progress,
        CancellationToken cancellation)
    {
        string? error = null;
        var parameters = new ImageBuildParameters { Tags = tags.ToList(), Labels = labels, Dockerfile = "Dockerfile", Remove = true, ForceRemove = true };
        await _long.Images.BuildImageFromDockerfileAsync(parameters, context, [], new Dictionary<string, string>(), new Progress<JSONMessage>(m =>
        {
            if (m.Error is not null) error = m.Error.Message;
            Report(m, progress);
        }), cancellation);
        if (error is not null) throw new InvalidOperationException($"The engine could not build {tags[0]}: {error}");
    }

    public async Task TagAsync(string image, string repository, string tag, CancellationToken cancellation = default) =>
        await _client.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellation);

    /// <summary>
    /// Copies an image from this engine into <paramref name="target"/> without a registry and
    /// without a temporary file: this engine's save stream is the other's load request body.
    /// </summary>
    public async Task CopyImageToAsync(DockerEngine target, string image, Action<string> progress, CancellationToken cancellation)
    {
        await using var saved = await _long.Images.SaveImageAsync(image, cancellation);
        string? error = null;
        await target._long.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, saved, new SyncProgress<JSONMessage>(m =>
        {
            if (m.Error is not null) error = m.Error.Message;
            Report(m, progress);
        }), cancellation);
        if (error is not null) throw new InvalidOperationException($"{target.Endpoint} could not load {image}: {error}");
    }

    /// <summary>Removes every image carrying <paramref name="label"/>; returns how many.</summary>
    public async Task<int> RemoveImagesAsync(string label, CancellationToken cancellation = default)
    {
        var images = await _client.Images.ListImagesAsync(new ImagesListParameters { All = true, Filters = LabelFilter(label) }, cancellation);
        foreach (var image in images)
            await _client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, cancellation);
        return images.Count;
    }

    private static void Report(JSONMessage message, Action<string> progress)
    {
        var text = message.Stream?.Trim() ?? message.Status;
        if (!string.IsNullOrWhiteSpace(text)) progress(text.Trim());
    }

    internal static IDictionary<string, IDictionary<string, bool>> LabelFilter(string label) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
}
