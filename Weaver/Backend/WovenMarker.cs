using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// <c>[assembly: AssemblyMetadata("AutoDiff.Woven", "true")]</c>: what says that the weaver
    /// wrote an assembly's derivatives. Hosts that leave a woven assembly alone look for it rather
    /// than judge the bodies: a derivative declared by hand with a body of its own (a stub
    /// written without the generator, as AD5001 suggests) is not woven until the weaver has
    /// replaced that body, whatever the body does.
    /// </summary>
    public static class WovenMarker
    {
        private const string Key = "AutoDiff.Woven";
        private const string AttributeNamespace = "System.Reflection";
        private const string AttributeName = "AssemblyMetadataAttribute";

        public static bool IsOn(ModuleDefinition module) =>
            module.Assembly != null && module.Assembly.CustomAttributes.Any(a =>
                a.AttributeType.Namespace == AttributeNamespace && a.AttributeType.Name == AttributeName &&
                a.ConstructorArguments.Count == 2 && a.ConstructorArguments[0].Value as string == Key);

        public static void Put(ModuleDefinition module)
        {
            if (module.Assembly == null || IsOn(module)) return;
            var type = new TypeReference(AttributeNamespace, AttributeName, module, module.TypeSystem.CoreLibrary);
            var constructor = new MethodReference(".ctor", module.TypeSystem.Void, type) { HasThis = true };
            constructor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
            constructor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
            var attribute = new CustomAttribute(constructor);
            attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, Key));
            attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, "true"));
            module.Assembly.CustomAttributes.Add(attribute);
        }
    }
}
