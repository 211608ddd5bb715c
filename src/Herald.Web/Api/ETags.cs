using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Herald.Web.Api;

/// <summary>
/// Strong ETags for every successful GET: the response is buffered, hashed (SHA-256, first 128 bits) and
/// answered with 304 when the client's If-None-Match already names that hash. Content hashing keeps the tag
/// correct whatever changed underneath (articles, stories, annotations), at the price of rendering the page.
/// </summary>
internal static class ETags
{
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        // Downloads stream (exports, GDELT files): buffering them to hash would hold a whole export in memory.
        if ((!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) ||
            context.Request.Path.StartsWithSegments(ExportEndpoints.Path, StringComparison.Ordinal) ||
            context.Request.Path.StartsWithSegments("/gdelt", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK && !context.Response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16]) + "\"";
            context.Response.Headers.ETag = tag;
            if (!context.Response.Headers.ContainsKey(HeaderNames.CacheControl))
            {
                context.Response.Headers.CacheControl = "no-cache";
            }

            if (Matches(context.Request.Headers.IfNoneMatch, tag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                return;
            }
        }

        if (buffer.Length > 0)
        {
            context.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "*" || part == tag || part == "W/" + tag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
