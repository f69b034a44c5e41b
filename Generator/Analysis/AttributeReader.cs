using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>
    /// Reads an <c>[AutoDiffReverse]</c> or <c>[AutoDiffForward]</c> attribute into a
    /// <see cref="DerivativeRequest"/>. Returns null when the attribute itself does not bind
    /// (the compiler already reports that; a second error from us would only add noise).
    /// </summary>
    internal static class AttributeReader
    {
        public static DerivativeRequest? Read(AttributeData attribute, DerivativeMode mode, CancellationToken cancellationToken)
        {
            var arguments = attribute.ConstructorArguments;
            if (attribute.AttributeConstructor is null || arguments.IsDefaultOrEmpty || arguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                return null;
            }

            var name = arguments[0].Value as string;
            var hasWidth = arguments.Length == 3;
            var width = hasWidth ? ToInt(arguments[1].Value) : 1;
            var activityArray = arguments[arguments.Length - 1];
            var activities = activityArray.Kind == TypedConstantKind.Array && !activityArray.IsNull
                ? activityArray.Values.Select(v => ToInt(v.Value)).ToImmutableArray()
                : ImmutableArray<int>.Empty;

            var thisActivity = 0;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "This" && named.Value.Kind != TypedConstantKind.Error)
                {
                    thisActivity = ToInt(named.Value.Value);
                }
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
            return new DerivativeRequest(mode, name, width, hasWidth, activities, thisActivity, location);
        }

        private static int ToInt(object? value) => value is null ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
