import { resourceBlocks } from '../../../src/sources/terraform/tf-blocks.js';

/** A hand-written .tf file holding what throws a naive brace count off: braces and quotes in strings, comments and heredocs. */
const TF = `
# a comment with { brace
resource "azurerm_kubernetes_cluster" "main" {
  name                = "aks-\${var.name}-{x}"   # "}" in a comment
  location            = var.location
  local_account_disabled = false
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5" // {
    only_critical_addons_enabled = true
  }
  identity {
    type = "SystemAssigned"
  }
  tags = {
    owner = "ml"
  }
  description = <<-EOT
  { not a block "
  EOT
  /* resource "azurerm_public_ip" "hidden" { */
  dynamic "network_profile" {
    for_each = [1]
    content {
      network_plugin = "azure"
    }
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size = "Standard_NC24ads_A100_v4"
  node_taints = []
}
`;

const lineOf = (needle: string) => TF.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('resource and data blocks of a .tf file', () => {
  test('each block with the lines of its attributes and nested blocks, numbered as the plan numbers them', () => {
    const [cluster, pool, ...rest] = resourceBlocks(TF);
    expect(rest).toEqual([]);
    expect([cluster.address, cluster.line, cluster.column]).toEqual(['azurerm_kubernetes_cluster.main', lineOf('resource "azurerm_kubernetes_cluster" "main"'), 1]);
    expect(Object.fromEntries([...cluster.attributes].map(([path, position]) => [path, position.line]))).toEqual({
      name: lineOf('name                = "aks-'),
      location: lineOf('location            = var.location'),
      local_account_disabled: lineOf('local_account_disabled'),
      'default_node_pool.0': lineOf('default_node_pool {'),
      'default_node_pool.0.name': lineOf('name       = "system"'),
      'default_node_pool.0.vm_size': lineOf('vm_size    = "Standard_D4s_v5"'),
      'default_node_pool.0.only_critical_addons_enabled': lineOf('only_critical_addons_enabled'),
      'identity.0': lineOf('identity {'),
      'identity.0.type': lineOf('type = "SystemAssigned"'),
      tags: lineOf('tags = {'),
      'tags.owner': lineOf('owner = "ml"'),
      description: lineOf('description = <<-EOT'),
      'network_profile.0': lineOf('dynamic "network_profile"'),
      'network_profile.0.for_each': lineOf('for_each = [1]'),
      'network_profile.0.network_plugin': lineOf('network_plugin = "azure"'),
    });
    expect([pool.address, pool.line]).toEqual(['azurerm_kubernetes_cluster_node_pool.gpu', lineOf('resource "azurerm_kubernetes_cluster_node_pool" "gpu"')]);
    expect(pool.attributes.get('node_taints')).toEqual({ line: lineOf('node_taints = []'), column: 3 });
  });

  test('data blocks too, addressed as Terraform does (data.TYPE.NAME): a local_file names the file a template deployment reads', () => {
    const text = 'data "local_file" "template" {\n  filename = "${path.module}/deploy.json"\n}\n\nresource "azurerm_resource_group_template_deployment" "x" {\n  template_content = data.local_file.template.content\n}\n';
    expect(resourceBlocks(text).map((block) => [block.address, block.line, Object.fromEntries([...block.attributes].map(([path, position]) => [path, position.line]))])).toEqual([
      ['data.local_file.template', 1, { filename: 2 }],
      ['azurerm_resource_group_template_deployment.x', 5, { template_content: 6 }],
    ]);
  });
});
