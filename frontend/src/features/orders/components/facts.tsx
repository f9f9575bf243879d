// The orders' pages use the shared label/value list.
export { Facts, type Fact } from '@/components/data/facts'
